from _attack import *
r, e = raw(56, 0x10000000 | 17, 0, 0, 0, 0)
if r == 0: os._exit(0)
report(r > 0, "clone(CLONE_NEWUSER): " + ("ok" if r > 0 else os.strerror(e)))
