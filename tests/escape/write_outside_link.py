from _attack import *
open(W + "/g", "w").write("x"); attempt(lambda: os.link(W + "/g", "/usr/lib/sandtrace-linked"), "hard-link a file into /usr/lib")
