from _attack import *
os.symlink(H + "/.ssh/id_rsa", W + "/link"); attempt(lambda: read(W + "/link"), "read ~/.ssh/id_rsa through a symlink made inside")
