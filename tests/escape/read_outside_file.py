from _attack import *
attempt(lambda: read(O + "/secret.txt"), "read a file outside every allowed path")
