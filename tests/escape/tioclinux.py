from _attack import *
c = ctypes.c_char(b"\x02"); raw_attempt(16, 0, 0x541C, ctypes.byref(c), detail="ioctl(TIOCLINUX)")
