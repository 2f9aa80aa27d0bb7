from _attack import *
attempt(lambda: read("/proc/1/root/etc/shadow"), "read /etc/shadow through /proc/1/root", needs_secret=False)
