from _attack import *
fd = os.open("/usr/bin/id", os.O_RDONLY); raw_attempt(313, fd, ctypes.c_char_p(b""), 0, detail="finit_module")
