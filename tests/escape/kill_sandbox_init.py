from _attack import *
raw_attempt(62, 1, 9, detail="SIGKILL the sandbox PID 1")
