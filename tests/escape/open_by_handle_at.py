from _attack import *
h = ctypes.create_string_buffer(136); raw_attempt(304, -100, h, 0, detail="open_by_handle_at")
