from _attack import *
raw_attempt(272, 0x10000000, detail="unshare(CLONE_NEWUSER)")
