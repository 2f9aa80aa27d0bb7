from _attack import *
attempt(lambda: os.chmod("/etc/passwd", 0o666), "chmod /etc/passwd")
