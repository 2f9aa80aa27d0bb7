from _attack import *
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
attempt(lambda: s.connect("\0" + os.environ["ATTACK_ABSTRACT"]), "connect to the host's abstract UNIX socket")
