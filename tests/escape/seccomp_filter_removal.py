from _attack import *
# Stack an allow-everything filter on top: filters only ever add restrictions, the strictest result wins.
allow_all = struct.pack("HBBI", 0x06, 0, 0, 0x7FFF0000)
buf = ctypes.create_string_buffer(allow_all, len(allow_all))
fprog = struct.pack("HxxxxxxQ", 1, ctypes.addressof(buf))
fbuf = ctypes.create_string_buffer(fprog, len(fprog))
r, e = raw(317, 1, 0, fbuf)   # seccomp(SECCOMP_SET_MODE_FILTER)
raw(157, 22, 0)               # prctl(PR_SET_SECCOMP, SECCOMP_MODE_DISABLED=0): not a thing, tried anyway
raw_attempt(169, 0xfee1dead, 0x28121969, 0xcdef0123, 0, detail="reboot after stacking an allow-all seccomp filter")
