from _attack import *
attempt(lambda: (os.link(H + "/.ssh/id_rsa", W + "/hard"), read(W + "/hard"))[1], "hard-link ~/.ssh/id_rsa into the work dir")
