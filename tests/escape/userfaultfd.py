from _attack import *
raw_attempt(323, 0, detail="userfaultfd")
