from _attack import *
MFD_EXEC = 0x10
try:
    fd = os.memfd_create("payload", MFD_EXEC)
except OSError:
    fd = os.memfd_create("payload", 0)     # no MFD_EXEC: the kernel may still make it executable
os.write(fd, read("/usr/bin/echo"))
argv = (ctypes.c_char_p * 3)(b"echo", b"ESCAPED from a memfd", None)
raw_attempt(322, fd, ctypes.c_char_p(b""), argv, None, 0x1000, detail="execute a copy of /usr/bin/echo from a memfd (execveat AT_EMPTY_PATH)")
