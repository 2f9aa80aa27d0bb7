from _attack import *
raw_attempt(250, 0, 0, 0, 0, 0, detail="keyctl(KEYCTL_GET_KEYRING_ID)")
