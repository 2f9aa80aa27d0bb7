# Shared by every escape scenario: run one attack, print "ESCAPED <what>" if it worked, "BLOCKED <what>: <why>" if not.
import ctypes, errno, os, socket, struct, sys

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
import json
# The test writes the attack's parameters next to the scripts: the sandbox clears unknown environment variables.
_cfg = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "attack.json")))
os.environ.update({k: str(v) for k, v in _cfg.items()})
W = os.environ["ATTACK_WORK"]        # allowed read+write
H = os.environ["ATTACK_HOME"]        # $HOME, holding .ssh/id_rsa
O = os.environ["ATTACK_OUTSIDE"]     # never allowed
SECRET = "SECRET-"                   # every planted secret starts with this


def report(escaped, detail):
    print(("ESCAPED " if escaped else "BLOCKED ") + detail, flush=True)
    sys.exit(0)


def attempt(fn, detail, needs_secret=True):
    """fn raises OSError when the attack fails. What it returns, if text, must hold a planted secret to count as a
    leak (so reading an empty mask is not mistaken for success), unless needs_secret is False."""
    try:
        out = fn()
    except OSError as e:
        report(False, f"{detail}: {e.strerror}")
    if needs_secret and isinstance(out, (str, bytes)) and SECRET not in (out if isinstance(out, str) else out.decode(errors="replace")):
        report(False, f"{detail}: no secret in what was read")
    report(True, detail)


def raw(nr, *args):
    conv = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
    r = libc.syscall(ctypes.c_long(nr), *conv)
    return r, ctypes.get_errno()


def raw_attempt(nr, *args, detail):
    r, e = raw(nr, *args)
    report(r >= 0, f"{detail}: " + ("ok" if r >= 0 else os.strerror(e)))


def read(path):
    with open(path, "rb") as f:
        return f.read()
