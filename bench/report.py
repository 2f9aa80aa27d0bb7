#!/usr/bin/env python3
"""Turns one bench/run.sh result directory into the markdown table (stdout) and summary.json.

usage: report.py RESULT_DIR INVOCATION RUNS STARTUP_RUNS RUNTIME_MS
"""
import json
import os
import platform
import statistics
import sys

res, invocation, runs, startup_runs, runtime_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])


def read_tsv(name):
    path = os.path.join(res, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def fmt_time(s):
    if s is None:
        return "—"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def fmt_ratio(r):
    return "—" if r is None else f"{r:.2f}×"


descriptions = {g: d for g, d in read_tsv("groups.tsv")}
variants = []
for group, name, kind, status, reason, command in read_tsv("manifest.tsv"):
    variants.append(dict(group=group, name=name, kind=kind, status=status, reason=reason or None, command=command))

# Medians (and the rest of hyperfine's statistics) per variant, from each group's hyperfine JSON.
for g in descriptions:
    path = os.path.join(res, f"{g}.json")
    stats = {}
    if os.path.exists(path):
        for r in json.load(open(path))["results"]:
            stats[r["command"]] = r
    for v in variants:
        if v["group"] == g and v["status"] == "ok":
            r = stats.get(v["name"])
            if r is None:
                v["status"], v["reason"] = "FAILED", "no timing recorded"
                continue
            v.update(median_s=r["median"], mean_s=r["mean"], stddev_s=r["stddev"], min_s=r["min"], max_s=r["max"],
                     user_s=r["user"], system_s=r["system"], runs=len(r["times"]))


def find(group, kind=None, name=None):
    for v in variants:
        if v["group"] == group and (kind is None or v["kind"] == kind) and (name is None or v["name"] == name):
            return v
    return None


def median(v):
    return v.get("median_s") if v else None


def ratio(a, b):
    return a / b if a is not None and b else None


out = []
p = out.append
for g, desc in descriptions.items():
    base = g.split("-", 1)[1] if g.startswith("placement-") else g   # placement rows compare with dd / find
    bare = median(find(base, "bare"))
    if g == "startup":
        peer_of = {k: find("startup", "bwrap") for k in ("all", "security")}
        peer_header = "×bwrap"
    else:
        peer_of = {"all": find(base, "strace"), "security": find(base, "strace-seccomp")}
        peer_header = "×strace-peer"
    p(f"### {g}: {desc}")
    p("")
    p(f"| variant | median | ×bare | {peer_header} |")
    p("|---|---:|---:|---:|")
    for v in variants:
        if v["group"] != g:
            continue
        if v["status"] != "ok":
            p(f"| {v['name']} | FAILED | — | — |")
            continue
        m = v["median_s"]
        peer = peer_of.get(v["kind"])
        v["x_bare"] = ratio(m, bare)
        v["x_peer"] = ratio(m, median(peer))
        v["peer"] = peer["name"] if peer else None
        if g == "startup" and v["kind"] == "ref":
            v["x_peer"] = ratio(m, median(find("startup", "bwrap")))
        p(f"| {v['name']} | {fmt_time(m)} | {fmt_ratio(v['x_bare'])} | {fmt_ratio(v['x_peer'])} |")
    if g.startswith("placement-"):
        # auto is the default: the all-layers rows of the workload's own table, for each depth timed here.
        for kind in ("all", "security"):
            if not any(v["group"] == g and v["kind"] == kind for v in variants):
                continue
            auto = next((v for v in variants if v["group"] == base and v["kind"] == kind and "--trace-only" not in v["name"]), None)
            if auto is None or auto.get("median_s") is None:
                p(f"| --trace={kind} --cpu-placement=auto (default) | not measured (run the {base} workload too) | — | — |")
                continue
            m = auto["median_s"]
            p(f"| {auto['name']} (--cpu-placement=auto, the default: row of the {base} table) | {fmt_time(m)} | "
              f"{fmt_ratio(ratio(m, bare))} | {fmt_ratio(ratio(m, median(peer_of[kind])))} |")
    failed = [v for v in variants if v["group"] == g and v["status"] != "ok"]
    if failed:
        p("")
    for v in failed:
        p(f"- FAILED {v['name']}: {v['reason']}")
    p("")

# The same variants timed in turn (bench/interleaved.py): paired ratios to the first variant of each workload.
interleaved = {}
for g in descriptions:
    path = os.path.join(res, f"interleaved-{g}.json")
    if os.path.exists(path):
        interleaved[g] = json.load(open(path))
if interleaved:
    p("### interleaved: the targets' variants timed in turn")
    p("")
    p("| workload | variant | median | p25–p75 | paired ratio (p25–p75) |")
    p("|---|---|---:|---:|---:|")
    for g, data in interleaved.items():
        for v in data["variants"]:
            shown = "1 (baseline)" if v["name"] == data["baseline"] else \
                f"{v['paired_ratio']:.2f}× {data['baseline']} ({v['paired_ratio_p25']:.2f}–{v['paired_ratio_p75']:.2f})"
            p(f"| {g} | {v['name']} | {fmt_time(v['median_s'])} | {fmt_time(v['p25_s'])}–{fmt_time(v['p75_s'])} | {shown} |")
    p("")
    p(f"Each round times every variant once, starting with a different one each round; the paired ratio is the median "
      f"over rounds of a variant's time divided by the baseline's time in the same round. Rounds: "
      + ", ".join(f"{g} {d['rounds']} (after {d['warmup']} warmup round{'s' if d['warmup'] != 1 else ''})"
                  for g, d in interleaved.items()) + ".")
    p("")


def paired(group, name):
    data = interleaved.get(group)
    if data is None:
        return None
    return next((v["paired_ratio"] for v in data["variants"] if v["name"] == name and v["name"] != data["baseline"]), None)


def paired_between(group, name, base_name):
    """Median over the rounds of name's time over base_name's time, both from the same interleaved group."""
    data = interleaved.get(group)
    if data is None:
        return None
    times = {v["name"]: v["times_s"] for v in data["variants"]}
    if name not in times or base_name not in times:
        return None
    return statistics.median(a / b for a, b in zip(times[name], times[base_name]))


rss = []
for name, status, hwm, tree, samples, command in read_tsv("rss.tsv"):
    rss.append(dict(name=name, status=status, command=command,
                    vmhwm_kib=int(hwm) if hwm else None, tree_maxrss_kib=int(tree) if tree else None,
                    samples=int(samples) if samples else None))
if rss:
    p("### rss: tracer peak RSS on the build (VmHWM of the sandtrace process)")
    p("")
    p("| variant | sandtrace peak RSS | (process tree max RSS, what `/usr/bin/time -f %M` reports) |")
    p("|---|---:|---:|")
    for r in rss:
        if r["status"] != "ok":
            p(f"| {r['name']} | FAILED | — |")
        else:
            p(f"| {r['name']} | {r['vmhwm_kib'] / 1024:.1f} MiB | {r['tree_maxrss_kib'] / 1024:.1f} MiB |")
    p("")

# The targets of the issue.
targets = []


def target(label, value, limit, unit="×", group=None, in_turn=None):
    """in_turn: the paired ratio from the interleaved timing; when there is one it decides, and the hyperfine ratio
    (value) is shown next to it."""
    if group is not None and group not in descriptions and group != "rss":
        return   # workload not selected in this run
    decisive = in_turn if in_turn is not None else value
    met = None if decisive is None else decisive <= limit
    targets.append(dict(target=label, value=decisive, limit=limit, unit=unit, met=met,
                        hyperfine_value=value, interleaved=in_turn is not None))


target("startup, all layers ≤ 1.5× bwrap --unshare-all",
       ratio(median(find("startup", name="sandtrace (all layers)")), median(find("startup", "bwrap"))), 1.5,
       group="startup", in_turn=paired("startup", "sandtrace (all layers)"))
for w in ("dd", "find"):
    for v in [v for v in variants if v["group"] == w and v["kind"] == "all"]:
        target(f"{v['name']} ≤ 0.8× strace -f on {w}", v.get("x_peer"), 0.8)
for w, limit, what in (("dd", 1.3, "bare"), ("find", 0.6, "strace --seccomp-bpf"), ("build", 1.5, "bare")):
    for v in [v for v in variants if v["group"] == w and v["kind"] == "security"]:
        value = v.get("x_bare") if what == "bare" else v.get("x_peer")
        target(f"{v['name']} ≤ {limit}× {what} on {w}", value, limit,
               in_turn=paired(w, v["name"]) if what == "bare" else None)
for r in rss:
    target(f"tracer peak RSS ≤ 40 MiB on the build ({r['name']})",
           r["vmhwm_kib"] / 1024 if r.get("vmhwm_kib") else None, 40, " MiB")

p("### targets")
p("")
p("| target | measured | met? |")
p("|---|---:|---|")
if not targets:
    p("| (none of the targets' workloads ran) | | |")
for t in targets:
    shown = "FAILED / not measured" if t["value"] is None else (
        f"{t['value']:.2f}×" if t["unit"] == "×" else f"{t['value']:.1f}{t['unit']}")
    if t["interleaved"]:
        hf = "—" if t["hyperfine_value"] is None else f"{t['hyperfine_value']:.2f}×"
        shown += f" in turn (hyperfine: {hf})"
    verdict = "n/a" if t["met"] is None else ("**yes**" if t["met"] else "**NO**")
    p(f"| {t['target']} | {shown} | {verdict} |")
p("")

# What the two hardest targets are up against on this host, from the same interleaved rounds: the build's ptrace
# stops alone (bench/ptrace_floor.c), and the start and exit of sandtrace's own process.
floors = {}
security_build = "sandtrace --trace=security --allow-path DIR --allow-exec"
build_floor = {k: paired("build", f"ptrace floor: {k}") for k in ("1 stop per call", "2 stops per call")}
if any(v is not None for v in build_floor.values()):
    floors["build"] = dict(floor_1_stop_x_bare=build_floor["1 stop per call"],
                           floor_2_stops_x_bare=build_floor["2 stops per call"],
                           sandtrace_x_bare=paired("build", security_build),
                           sandtrace_x_floor_2_stops=paired_between("build", security_build, "ptrace floor: 2 stops per call"))
version = paired("startup", "sandtrace --version (its process alone)")
if version is not None:
    floors["startup"] = dict(sandtrace_version_x_bwrap=version, c_program_x_bwrap=paired("startup", "/bin/true"),
                             sandtrace_x_bwrap=paired("startup", "sandtrace (all layers)"))
if floors:
    p("### floors: what the build and startup targets are up against on this host (in turn)")
    p("")
    if "build" in floors:
        b = floors["build"]
        p(f"- build: a C tracer that stops on the same calls as `--trace=security` and only reads the registers "
          f"(bench/ptrace_floor.c) takes {fmt_ratio(b['floor_1_stop_x_bare'])} bare with one stop per call (no return "
          f"values) and {fmt_ratio(b['floor_2_stops_x_bare'])} with two (entry, then exit for the return value, as "
          f"sandtrace); sandtrace takes {fmt_ratio(b['sandtrace_x_bare'])} bare, {fmt_ratio(b['sandtrace_x_floor_2_stops'])} "
          f"the two-stop floor. The target is 1.50× bare.")
    if "startup" in floors:
        st = floors["startup"]
        p(f"- startup: `sandtrace --version` (sandtrace's process started and ended, no sandbox, no tracing) takes "
          f"{fmt_ratio(st['sandtrace_version_x_bwrap'])} the time of the whole bwrap run, a C program (`/bin/true`) "
          f"{fmt_ratio(st['c_program_x_bwrap'])}. The target (1.50×) leaves 0.50× of bwrap for everything sandtrace "
          f"adds to it; sandtrace (all layers) takes {fmt_ratio(st['sandtrace_x_bwrap'])}.")
    p("")

notes = open(os.path.join(res, "notes.txt")).read().strip().splitlines() if os.path.exists(os.path.join(res, "notes.txt")) else []
load_start = open(os.path.join(res, "loadavg.start")).read().strip() if os.path.exists(os.path.join(res, "loadavg.start")) else None
load_end = open(os.path.join(res, "loadavg.end")).read().strip() if os.path.exists(os.path.join(res, "loadavg.end")) else None
p(f"Medians of {runs} runs (startup: {startup_runs}) after 1 warmup, hyperfine -N. "
  "×strace-peer: strace -f for --trace=all variants, strace -f --seccomp-bpf -e trace=%file,%network,%process "
  "for --trace=security variants. Where a target says \"in turn\", it is judged by the interleaved timing's paired "
  "ratio (the hyperfine rows were timed one after another).")
for n in notes:
    p(f"- {n}")
p(f"- load average at start {load_start}, at end {load_end}")
p(f"- total runtime of `{invocation}`: {runtime_ms / 1000:.0f} s ({runtime_ms / 60000:.1f} min)")
print("\n".join(out))

os_name = "?"
if os.path.exists("/etc/os-release"):
    for line in open("/etc/os-release"):
        if line.startswith("PRETTY_NAME="):
            os_name = line.split("=", 1)[1].strip().strip('"')
summary = dict(
    timestamp=os.path.basename(res.rstrip("/")),
    command=invocation,
    machine=dict(cpus=os.cpu_count(), kernel=platform.release(), os=os_name, loadavg_start=load_start, loadavg_end=load_end),
    runs=runs, startup_runs=startup_runs, warmup=1,
    groups={g: dict(description=d, variants=[v for v in variants if v["group"] == g]) for g, d in descriptions.items()},
    interleaved=interleaved,
    tracer_peak_rss=rss,
    targets=targets,
    floors=floors,
    notes=notes,
    runtime_s=round(runtime_ms / 1000, 1),
)
with open(os.path.join(res, "summary.json"), "w") as f:
    json.dump(summary, f, indent=2, ensure_ascii=False)
    f.write("\n")
