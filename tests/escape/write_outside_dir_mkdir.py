from _attack import *
attempt(lambda: os.mkdir(O + "/newdir"), "mkdir in a directory outside the policy")
