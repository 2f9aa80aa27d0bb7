from _attack import *
raw_attempt(161, ctypes.c_char_p(b"/proc/1/root"), detail="chroot out through /proc/1/root")
