from _attack import *
argv = (ctypes.c_char_p * 3)(b"echo", b"ESCAPED through execveat", None)
raw_attempt(322, -100, ctypes.c_char_p(b"/usr/bin/echo"), argv, None, 0, detail="execveat /usr/bin/echo")
