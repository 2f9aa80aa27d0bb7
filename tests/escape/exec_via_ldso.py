from _attack import *
import glob
ld = sorted(glob.glob("/lib64/ld-linux-x86-64.so.2") + glob.glob("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"))[0]
attempt(lambda: os.execv(ld, [ld, "/usr/bin/echo", "ESCAPED through ld.so"]), "run /usr/bin/echo through the ELF interpreter (ld.so PROGRAM)")
