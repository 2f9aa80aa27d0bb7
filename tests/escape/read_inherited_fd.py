from _attack import *
attempt(lambda: os.read(3, 100), "read a secret from a descriptor sandtrace inherited")
