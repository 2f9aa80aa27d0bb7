from _attack import *
os.symlink("/etc/shadow", W + "/link2"); attempt(lambda: read(W + "/link2"), "read /etc/shadow through a symlink", needs_secret=False)
