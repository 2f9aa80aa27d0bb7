#!/usr/bin/env python3
"""Peak RSS of one process itself (not of its descendants): python3 bench/peak_rss.py CMD ARGS…

Prints "EXIT_CODE VMHWM_KIB TREE_MAXRSS_KIB SAMPLES".

VMHWM_KIB is the largest VmHWM ("high water mark" of the resident set of the process's own address space) read from
/proc/<pid>/status every 2 ms while CMD runs. Being a high-water mark it only misses growth in the last interval.
TREE_MAXRSS_KIB is what `/usr/bin/time -f %M` would print: wait4's ru_maxrss, which the kernel takes as the maximum
over CMD and every descendant reaped below it — for sandtrace, the biggest program it traced. Shown for contrast.
"""
import resource
import subprocess
import sys
import time


def vm_hwm(status_path):
    try:
        with open(status_path) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    status_path = f"/proc/{proc.pid}/status"
    peak, samples = 0, 0
    while True:
        # Read before polling: once poll() has reaped the process its /proc entry is gone.
        v = vm_hwm(status_path)
        if v is not None:
            peak, samples = max(peak, v), samples + 1
        if proc.poll() is not None:
            break
        time.sleep(0.002)
    tree = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(proc.returncode, peak, tree, samples)


if __name__ == "__main__":
    main()
