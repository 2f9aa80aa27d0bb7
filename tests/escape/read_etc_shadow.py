from _attack import *
attempt(lambda: read("/etc/shadow"), "read /etc/shadow", needs_secret=False)
