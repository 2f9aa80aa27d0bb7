from _attack import *
raw_attempt(62, int(os.environ["ATTACK_HOST_PID"]), 15, detail="kill a host process by its pid")
