from _attack import *
params = ctypes.create_string_buffer(120); raw_attempt(425, 8, params, detail="io_uring_setup")
