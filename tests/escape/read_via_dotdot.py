from _attack import *
attempt(lambda: read(W + "/../" * 12 + H.lstrip("/") + "/.ssh/id_rsa"), "read ~/.ssh/id_rsa through ../..")
