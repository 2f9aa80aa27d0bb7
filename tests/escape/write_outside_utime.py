from _attack import *
attempt(lambda: os.utime("/etc/passwd", (0, 0)), "change the times of /etc/passwd")
