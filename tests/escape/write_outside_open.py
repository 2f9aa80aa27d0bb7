from _attack import *
attempt(lambda: open("/usr/lib/sandtrace-escape.txt", "w").write("x"), "create a file in /usr/lib")
