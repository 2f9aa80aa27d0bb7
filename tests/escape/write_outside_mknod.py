from _attack import *
attempt(lambda: os.mkfifo("/usr/lib/sandtrace-fifo"), "mknod a fifo in /usr/lib")
