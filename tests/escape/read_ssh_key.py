from _attack import *
attempt(lambda: read(H + "/.ssh/id_rsa"), "read ~/.ssh/id_rsa")
