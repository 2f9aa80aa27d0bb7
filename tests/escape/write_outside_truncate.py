from _attack import *
attempt(lambda: os.truncate("/etc/passwd", 0), "truncate /etc/passwd")
