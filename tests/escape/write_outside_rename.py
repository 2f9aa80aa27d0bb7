from _attack import *
open(W + "/f", "w").write("x"); attempt(lambda: os.rename(W + "/f", "/usr/lib/sandtrace-renamed"), "rename a file into /usr/lib")
