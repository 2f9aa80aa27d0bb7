from _attack import *
raw_attempt(169, 0xfee1dead, 0x28121969, 0xcdef0123, 0, detail="reboot(RB_POWER_OFF)")
