from _attack import *
fd = os.open("/proc/self/ns/net", os.O_RDONLY); raw_attempt(308, fd, 0, detail="setns")
