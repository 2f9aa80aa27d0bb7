from _attack import *
attempt(lambda: read("/proc/self/root" + H + "/.ssh/id_rsa"), "read through /proc/self/root")
