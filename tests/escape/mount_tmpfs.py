from _attack import *
raw_attempt(165, ctypes.c_char_p(b"none"), ctypes.c_char_p(W.encode()), ctypes.c_char_p(b"tmpfs"), 0, None, detail="mount a tmpfs")
