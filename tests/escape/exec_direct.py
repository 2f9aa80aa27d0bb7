from _attack import *
attempt(lambda: os.execv("/usr/bin/echo", ["echo", "ESCAPED by executing /usr/bin/echo"]), "execute /usr/bin/echo")
