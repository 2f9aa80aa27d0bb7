from _attack import *
attr = ctypes.create_string_buffer(128); raw_attempt(298, attr, 0, -1, -1, 0, detail="perf_event_open")
