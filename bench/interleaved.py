#!/usr/bin/env python3
"""Times commands in turn — round 1: A B C, round 2: B C A, … — and writes their timings and paired ratios as JSON.

usage: interleaved.py OUT.json ROUNDS WARMUP NAME COMMAND [NAME COMMAND]...

hyperfine times one variant after the other, so a ratio between two of its rows compares two different stretches of
time: on a shared VM the host's load changes within a minute, and the same build has come out 0.87× and 1.93× bare
that way. Here every round times each variant once, starting with a different one each round, so drift and
periodic noise fall on all of them alike. Each variant's ratio to the first is taken per round (its time over the
first variant's time in the same round) and the median of those is reported: the paired estimate.

COMMAND is split into words like hyperfine -N splits it (POSIX shell quoting, no shell runs it). Output goes to
/dev/null, input comes from /dev/null. A variant that exits non-zero fails the run (exit 1, what failed on stderr).
"""
import json
import os
import shlex
import statistics
import sys
import time


def quantile(values, q):
    s = sorted(values)
    pos = (len(s) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def main():
    pairs = sys.argv[4:]
    if len(pairs) < 4 or len(pairs) % 2:
        sys.exit(__doc__.strip().splitlines()[2])
    out, rounds, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    variants = [dict(name=name, command=command, argv=shlex.split(command), times_s=[])
                for name, command in zip(pairs[::2], pairs[1::2])]

    null_in = os.open("/dev/null", os.O_RDONLY)
    null_out = os.open("/dev/null", os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, null_in, 0), (os.POSIX_SPAWN_DUP2, null_out, 1),
               (os.POSIX_SPAWN_DUP2, null_out, 2)]

    def run(v):
        start = time.perf_counter_ns()
        pid = os.posix_spawnp(v["argv"][0], v["argv"], os.environ, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        elapsed = (time.perf_counter_ns() - start) / 1e9
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            print(f"interleaved.py: {v['name']} exited {code}: {v['command']}", file=sys.stderr)
            sys.exit(1)
        return elapsed

    n = len(variants)
    for r in range(warmup + rounds):
        for k in range(n):
            v = variants[(r + k) % n]   # a different variant starts each round
            t = run(v)
            if r >= warmup:
                v["times_s"].append(t)

    base = variants[0]["times_s"]
    for v in variants:
        t = v["times_s"]
        v.update(median_s=statistics.median(t), p25_s=quantile(t, 0.25), p75_s=quantile(t, 0.75),
                 min_s=min(t), max_s=max(t))
        paired = [a / b for a, b in zip(t, base)]
        v.update(paired_ratio=statistics.median(paired), paired_ratio_p25=quantile(paired, 0.25),
                 paired_ratio_p75=quantile(paired, 0.75))
        del v["argv"]
    with open(out, "w") as f:
        json.dump(dict(rounds=rounds, warmup=warmup, baseline=variants[0]["name"], variants=variants), f, indent=2)
        f.write("\n")
    width = max(len(v["name"]) for v in variants)
    for v in variants:
        print(f"   {v['name']:<{width}}  median {v['median_s'] * 1000:9.2f} ms  (p25 {v['p25_s'] * 1000:.2f}, "
              f"p75 {v['p75_s'] * 1000:.2f})  paired ×{variants[0]['name']}: {v['paired_ratio']:.3f} "
              f"(p25 {v['paired_ratio_p25']:.3f}, p75 {v['paired_ratio_p75']:.3f})")


if __name__ == "__main__":
    main()
