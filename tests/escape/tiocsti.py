from _attack import *
c = ctypes.c_char(b"x"); raw_attempt(16, 0, 0x5412, ctypes.byref(c), detail="ioctl(TIOCSTI) into the terminal")
