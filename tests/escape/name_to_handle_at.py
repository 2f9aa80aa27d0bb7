from _attack import *
h = ctypes.create_string_buffer(136)
struct.pack_into("I", h, 0, 128)          # handle_bytes: room for the handle
mid = ctypes.c_int(0)
raw_attempt(303, -100, ctypes.c_char_p(b"/etc/passwd"), h, ctypes.byref(mid), 0, detail="name_to_handle_at")
