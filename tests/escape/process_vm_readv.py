from _attack import *
buf = ctypes.create_string_buffer(16)
local = (ctypes.c_void_p * 2)(ctypes.cast(buf, ctypes.c_void_p).value, 16)
remote = (ctypes.c_void_p * 2)(0x400000, 16)
raw_attempt(310, 1, local, 1, remote, 1, 0, detail="process_vm_readv of PID 1")
