from _attack import *
raw_attempt(101, 16, 1, 0, 0, detail="ptrace(PTRACE_ATTACH, 1)")
