from _attack import *
attempt(lambda: os.symlink("/tmp/x", "/usr/lib/sandtrace-symlink"), "create a symlink in /usr/lib")
