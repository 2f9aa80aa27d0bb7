from _attack import *
raw_attempt(166, ctypes.c_char_p(b"/usr"), 2, detail="umount2 /usr")
