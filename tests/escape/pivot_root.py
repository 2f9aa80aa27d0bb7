from _attack import *
raw_attempt(155, ctypes.c_char_p(b"/"), ctypes.c_char_p(b"/"), detail="pivot_root")
