from _attack import *
raw_attempt(175, ctypes.create_string_buffer(64), 64, ctypes.c_char_p(b""), detail="init_module")
