from _attack import *
attr = ctypes.create_string_buffer(128); raw_attempt(321, 5, attr, 128, detail="bpf(BPF_PROG_LOAD)")
