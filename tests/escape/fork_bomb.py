from _attack import *
import time
# Keep forking until the time limit; every child sleeps. The run must end at --timeout with nothing left alive.
while True:
    try:
        if os.fork() == 0:
            time.sleep(1000)
            os._exit(0)
    except OSError:
        time.sleep(0.01)
