#!/usr/bin/env bash
# sandtrace benchmarks: startup, tracing overhead against strace, tracer memory, CPU placement.
#
#   bench/run.sh                         # everything, 5 timed runs per variant (+1 warmup, +1 check run)
#   RUNS=10 bench/run.sh                 # more runs (at least 5)
#   WORKLOADS="startup dd" bench/run.sh  # a subset of: startup dd find cat build rss placement
#
# Installs what it needs (hyperfine, bubblewrap, strace; as root, or says how), publishes the NativeAOT binary when
# it is missing or older than the sources, runs every variant once to check that it works (a variant that fails is
# reported as FAILED, never timed), times the rest with hyperfine on this machine in this one run, times the variants
# that the startup, dd and build targets compare once more in turn (bench/interleaved.py), and prints a markdown table
# of medians plus the performance targets and whether each is met, and the floors under the build and startup targets
# on this host (bench/ptrace_floor.c, a C tracer that only stops; sandtrace's own process start and exit). Everything
# lands in bench/results/<timestamp>/: one hyperfine JSON and text log per workload, the interleaved JSON, the check
# logs, summary.json, table.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
t_start=$(date +%s%N)
invocation="bench/run.sh"
[[ -n ${RUNS:-} ]] && invocation="RUNS=$RUNS $invocation"
[[ -n ${WORKLOADS:-} ]] && invocation="WORKLOADS=\"$WORKLOADS\" $invocation"

RUNS=${RUNS:-5}
[[ $RUNS =~ ^[0-9]+$ ]] && ((RUNS >= 5)) || { echo "bench: RUNS must be a number >= 5 (got '$RUNS')" >&2; exit 2; }
# /bin/true takes ~1 ms and the sandboxes a few ms: 5 runs of that are mostly noise, so startup gets 10× the runs
# (still well under a second per variant).
STARTUP_RUNS=$((RUNS * 10))
all_workloads=(startup dd find cat build rss placement)
read -r -a workloads <<<"${WORKLOADS:-${all_workloads[*]}}"
for w in "${workloads[@]}"; do
  [[ " ${all_workloads[*]} " == *" $w "* ]] || { echo "bench: unknown workload '$w' (known: ${all_workloads[*]})" >&2; exit 2; }
done
want() { [[ " ${workloads[*]} " == *" $1 "* ]]; }

# ---------------------------------------------------------------------------------------------------- tools, binary
# The NativeAOT binary is (re)published when it is missing or older than any source file.
aot=$repo/artifacts/aot/sandtrace
stale=0
if [[ ! -x $aot || nuget.config -nt $aot ]] || [[ -n $(find src -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \
    -o -name '*.targets' \) -not -path '*/bin/*' -not -path '*/obj/*' -newer "$aot" -print -quit) ]]; then
  stale=1
fi
have() { local p; p=$(command -v "$1") && [[ -f $p && -x $p ]]; }
need=()
have hyperfine || need+=(hyperfine)
have bwrap || need+=(bubblewrap)
have strace || need+=(strace)
[[ -x /usr/bin/python3 ]] || need+=(python3)
have setpriv || need+=(util-linux)
if want build || want rss || want placement; then
  have make || need+=(make)
  have gcc || need+=(gcc libc6-dev)
fi
if ((stale)); then
  have clang || have clang-14 || need+=(clang)   # NativeAOT links with clang
  have dotnet || { echo "bench: the .NET 10 SDK (dotnet) is needed to publish $aot" >&2; exit 1; }
fi
if ((${#need[@]})); then
  if [[ $(id -u) == 0 ]]; then
    echo "== installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "bench: missing packages: ${need[*]}" >&2
    echo "bench: install them with:  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
hyperfine --help | grep -q -- '--shell <SHELL>' || { echo "bench: hyperfine is too old (need >= 1.13 for -N)" >&2; exit 1; }

if ((stale)); then
  echo "== publishing the NativeAOT binary ($aot)"
  cxx=()
  have clang || { have clang-14 && cxx=(-p:CppCompilerAndLinker=clang-14); }
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet publish -c Release -r linux-x64 -p:PublishAot=true \
    "${cxx[@]}" --nologo -o artifacts/aot src/Sandtrace/Sandtrace.csproj
  touch "$aot"   # an incremental publish may leave the old file (and its old date) in place
  [[ -x $aot ]] || { echo "bench: publishing did not produce $aot" >&2; exit 1; }
fi

# From here on a fixed system PATH: the programs inside and outside the sandbox are the same Debian binaries (no
# pyenv/cargo shims), and the sandbox inherits PATH, so a shell in it does not probe directories it cannot see.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C
stamp=$(date +%Y%m%d-%H%M%S)
res=$repo/bench/results/$stamp
mkdir -p "$res/checks"
tmp=$(mktemp -d /tmp/sandtrace-bench.XXXXXX)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
manifest=$res/manifest.tsv   # group, name, kind, status, reason, command  (read by report.py)
: >"$manifest"
: >"$res/notes.txt"
note() { echo "$*" | tee -a "$res/notes.txt"; }

echo "== sandtrace $("$aot" --version 2>/dev/null || echo '?') · $(nproc) CPUs · kernel $(uname -r) · load $(cut -d' ' -f1-3 /proc/loadavg) · as $(id -un)"
echo "== results in ${res#"$repo"/}"
cut -d' ' -f1-3 /proc/loadavg >"$res/loadavg.start"
if awk -v n="$(nproc)" '{ exit !($1 > n / 2) }' /proc/loadavg; then
  note "warning: load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) CPUs when the run started: other work competes with the benchmark."
fi

# ---------------------------------------------------------------------------------------------------- variants
# A command is kept as one string quoted the way hyperfine -N splits it (POSIX shell words, single quotes).
q() {
  local a out=()
  for a; do
    if [[ $a =~ ^[A-Za-z0-9_./=:,%+@-]+$ ]]; then out+=("$a"); else out+=("'${a//\'/\'\\\'\'}'"); fi
  done
  echo "${out[*]}"
}
st="$aot"
declare -a V_GROUP V_NAME V_KIND V_CMD V_MINPROC V_VERIFY
# add GROUP NAME KIND MINPROC VERIFY -- CMD ARGS…
#   KIND: bare, strace (strace -f), strace-seccomp, all / security (sandtrace depth), floor (bench/ptrace_floor.c),
#         ref (other reference)
#   MINPROC: for sandtrace variants, the fewest processes the check run must show (an exec refused by the sandbox
#            would otherwise "succeed" quickly: a shell loop whose `seq` cannot run does nothing and exits 0)
#   VERIFY: a shell function run after the check run (or -)
add() {
  local g=$1 n=$2 k=$3 m=$4 v=$5; shift 6
  V_GROUP+=("$g"); V_NAME+=("$n"); V_KIND+=("$k"); V_MINPROC+=("$m"); V_VERIFY+=("$v"); V_CMD+=("$(q "$@")")
}
# The seven standard variants of a workload. $extra holds the flags the enforcing sandtrace variants need (labelled
# $extra_label in the table): --allow-exec for workloads that run more than one program (under enforcement sandtrace
# lets only the program itself, and its interpreters, be executed unless --allow-exec is given), --allow-path for the
# build's directory. The --trace-only variants need neither.
STRACE_SECCOMP=(strace -f --seccomp-bpf -e trace=%file,%network,%process -o /dev/null)
standard() {
  local g=$1 m=$2 v=$3; shift 3
  local enf=("${extra[@]}") label=${extra_label:-${extra[*]}}
  add "$g" "bare" bare 0 "$v" -- "$@"
  add "$g" "strace -f" strace 0 "$v" -- strace -f -o /dev/null "$@"
  add "$g" "strace -f --seccomp-bpf" strace-seccomp 0 "$v" -- "${STRACE_SECCOMP[@]}" "$@"
  add "$g" "sandtrace --trace=all${label:+ $label}" all "$m" "$v" -- "$st" run "${enf[@]}" -o /dev/null -- "$@"
  add "$g" "sandtrace --trace=all --trace-only" all "$m" "$v" -- "$st" run --trace-only -o /dev/null -- "$@"
  add "$g" "sandtrace --trace=security${label:+ $label}" security "$m" "$v" -- "$st" run --trace=security "${enf[@]}" -o /dev/null -- "$@"
  add "$g" "sandtrace --trace=security --trace-only" security "$m" "$v" -- "$st" run --trace=security --trace-only -o /dev/null -- "$@"
}
describe() { printf '%s\t%s\n' "$1" "$2" >>"$res/groups.tsv"; }
: >"$res/groups.tsv"

DD=(dd if=/dev/zero of=/dev/null bs=1 count=200000)
# find exits 1 when a directory cannot be read. sandtrace drops every capability before the program starts, so even
# as root find cannot enter e.g. /usr/share/polkit-1/rules.d (0700, owner polkitd) in the sandbox: that is expected,
# so the workload accepts 0 and 1. An exec that fails (126/127) still fails, and the check's process count catches
# a find that never ran. /usr is readable under sandtrace's default policy.
FIND=(sh -c "find /usr -name '*.h' >/dev/null; [ \$? -le 1 ]")
CAT=(sh -c 'for i in $(seq 200); do cat /etc/hostname >/dev/null; done')
proj=$tmp/cproj
BUILD=(make -C "$proj" -B -j2 -s)
verify_build() { [[ -x $proj/prog ]] && "$proj/prog"; }
prepare_build() { rm -f "$proj"/*.o "$proj/prog"; }

# A small C project: 40 modules + main, a Makefile, -pipe so gcc needs no temporary directory.
gen_project() {
  mkdir -p "$proj"
  local i n
  for i in $(seq -w 1 40); do
    n=$((10#$i))
    cat >"$proj/m$i.c" <<EOF
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int f$i(int n) {
    int v[64];
    for (int k = 0; k < 64; k++) v[k] = (k * $n * 7919) % 101;
    qsort(v, 64, sizeof v[0], cmp);
    char buf[128];
    snprintf(buf, sizeof buf, "m$i:%d", v[n % 64]);
    return (int)strlen(buf) + v[0];
}
EOF
    echo "int f$i(int);" >>"$proj/common.h"
  done
  { echo '#include "common.h"'; echo 'int main(void) {'; echo '    int s = 0;'
    for i in $(seq -w 1 40); do echo "    s += f$i($((10#$i)));"; done
    echo '    return s > 0 ? 0 : 1;'; echo '}'; } >"$proj/main.c"
  printf '%s\n' 'CFLAGS = -O2 -pipe -Wall' 'OBJS = $(patsubst %.c,%.o,$(wildcard *.c))' \
    'prog: $(OBJS)' '	$(CC) $(CFLAGS) -o $@ $(OBJS)' '%.o: %.c common.h' '	$(CC) $(CFLAGS) -c -o $@ $<' >"$proj/Makefile"
  chmod -R a+rwX "$proj"
}
if want build || want rss || want placement; then gen_project; fi
# The floor under --trace=security (bench/ptrace_floor.c): a C tracer that stops on the same calls and only reads the
# registers. Timed beside sandtrace on the build, it shows how much of the ratio to bare the stops alone cost here.
floor=$tmp/ptrace_floor
if want build; then
  gcc -O2 -o "$floor" bench/ptrace_floor.c || { echo "bench: cannot compile bench/ptrace_floor.c" >&2; exit 1; }
fi

if want startup; then
  describe startup "/bin/true through each sandbox"
  BWRAP=(bwrap --unshare-all --ro-bind /usr /usr --symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/bin /bin
         --proc /proc --dev /dev /bin/true)
  add startup "/bin/true" bare 0 - -- /bin/true
  add startup "unshare -Urmpn --fork" ref 0 - -- unshare -Urmpn --fork /bin/true
  add startup "bwrap --unshare-all" bwrap 0 - -- "${BWRAP[@]}"
  add startup "sandtrace (all layers)" all 1 - -- "$st" run -o /dev/null -- /bin/true
  add startup "sandtrace --trace=security" security 1 - -- "$st" run --trace=security -o /dev/null -- /bin/true
  add startup "sandtrace --trace-only (info)" all 1 - -- "$st" run --trace-only -o /dev/null -- /bin/true
  # sandtrace's own process, started and ended with nothing to do: the part of a start no sandbox or tracer work is in.
  add startup "sandtrace --version (its process alone)" ref 0 - -- "$st" --version
  # The reference sandboxes must work for an unprivileged user too, not only for root.
  if [[ $(id -u) == 0 ]]; then
    for c in "${BWRAP[*]}" "unshare -Urmpn --fork /bin/true"; do
      if setpriv --reuid=65534 --regid=65534 --clear-groups $c; then note "checked: '${c%% *} …' works as uid 65534 too"
      else note "warning: '${c%% *} …' fails as uid 65534 (works as root)"; fi
    done
  fi
fi
if want dd; then
  describe dd "$(q "${DD[@]}")"; extra=() extra_label=; standard dd 1 - "${DD[@]}"
fi
if want find; then
  describe find "sh -c \"find /usr -name '*.h' >/dev/null; [ \$? -le 1 ]\" (/usr is readable under the default policy)"
  extra=(--allow-exec); standard find 2 - "${FIND[@]}"
fi
if want cat; then
  describe cat "$(q "${CAT[@]}")"; extra=(--allow-exec); standard cat 202 - "${CAT[@]}"
fi
if want build; then
  describe build "make -C DIR -B -j2 -s: a generated C project of 41 files in a temporary DIR"
  extra=(--allow-path "$proj" --allow-exec) extra_label="--allow-path DIR --allow-exec"
  standard build 100 verify_build "${BUILD[@]}"
  extra_label=
  add build "ptrace floor: 1 stop per call" floor 0 verify_build -- "$floor" entry "${BUILD[@]}"
  add build "ptrace floor: 2 stops per call" floor 0 verify_build -- "$floor" exit "${BUILD[@]}"
fi
# --cpu-placement=auto is the default, so the all-layers rows of the dd, find and build tables are the "auto" rows;
# the report repeats them under the placement tables (same machine, same run), and only none, same and follow are
# timed here. auto is same under --trace=all; under --trace=security it starts on one CPU and gives the sandbox every
# CPU while two or more of its tasks compute (make -j2). follow leaves the sandbox every CPU and moves the tracer to
# the CPU of each stopped task. --timeout 0: the slow strategies must be timed, not killed by the default 30 s limit
# (none and follow took 15-30+ s on dd when the host was busy).
if want placement; then
  describe placement-dd "dd under --trace=all (all layers) with each --cpu-placement"
  describe placement-find "find (all layers, --allow-exec) with each --cpu-placement, both depths"
  describe placement-build "the build (all layers) with each --cpu-placement, both depths: auto is same under --trace=all and unpins while both compilers run under --trace=security"
  for p in none same follow; do
    add placement-dd "sandtrace --trace=all --cpu-placement=$p" all 1 - -- "$st" run --timeout 0 --cpu-placement=$p -o /dev/null -- "${DD[@]}"
  done
  for d in all security; do
    for p in none same follow; do
      add placement-find "sandtrace --trace=$d --allow-exec --cpu-placement=$p" $d 2 - -- \
        "$st" run --timeout 0 --trace=$d --allow-exec --cpu-placement=$p -o /dev/null -- "${FIND[@]}"
      add placement-build "sandtrace --trace=$d --allow-path DIR --allow-exec --cpu-placement=$p" $d 100 verify_build -- \
        "$st" run --timeout 0 --trace=$d --allow-path "$proj" --allow-exec --cpu-placement=$p -o /dev/null -- "${BUILD[@]}"
    done
  done
fi
if [[ " ${workloads[*]} " =~ \ (find|cat|build|placement)\  ]]; then
  note "note: find, cat and build run more than one program, so their enforcing sandtrace variants get --allow-exec (without it only the program itself may be executed)."
fi

# ---------------------------------------------------------------------------------------------------- checks
# Runs a variant once, exactly as it will be timed except that sandtrace writes its JSONL to a file, so that the
# summary line can be checked too. Sets REASON and returns 1 when the variant does not work.
check() {
  local i=$1 log=$res/checks/$i.log jsonl=$tmp/check.jsonl
  local -a argv
  eval "argv=(${V_CMD[$i]})"
  if [[ ${V_KIND[$i]} == all || ${V_KIND[$i]} == security ]]; then
    local j; for j in "${!argv[@]}"; do [[ ${argv[$j]} == -o ]] && argv[j+1]=$jsonl; done
  fi
  [[ ${V_VERIFY[$i]} == verify_build ]] && prepare_build
  rm -f "$jsonl"
  local rc=0
  { echo "\$ ${V_CMD[$i]}"; } >"$log"
  timeout 300 "${argv[@]}" >/dev/null 2>>"$log" </dev/null || rc=$?
  if ((rc != 0)); then
    REASON="exit $rc: $(grep -v '^\$ ' "$log" | grep -v '^\[pid' | tail -1 | cut -c1-150)"; return 1
  fi
  if [[ ${V_KIND[$i]} == all || ${V_KIND[$i]} == security ]]; then
    local procs
    procs=$(tail -n 1 "$jsonl" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["process_count"])' 2>/dev/null) \
      || { REASON="no summary line in the JSONL"; return 1; }
    echo "summary: $(tail -n 1 "$jsonl")" >>"$log"
    if ((procs < V_MINPROC[i])); then
      REASON="only $procs process(es) ran, expected >= ${V_MINPROC[$i]} (exec refused?)"; return 1
    fi
  fi
  if [[ ${V_VERIFY[$i]} != - ]] && ! "${V_VERIFY[$i]}" >>"$log" 2>&1; then
    REASON="the workload's result is missing or wrong"; return 1
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------------- timing
hf=(hyperfine -N --style basic --warmup 1)
declare -a V_STATUS V_REASON
time_group() {
  local g=$1 runs=$2 i
  local -a args=() ok=()
  echo
  echo "== $g"
  for i in "${!V_GROUP[@]}"; do
    [[ ${V_GROUP[$i]} == "$g" ]] || continue
    REASON=""
    if check "$i"; then
      V_STATUS[i]=ok; ok+=("$i"); args+=(-n "${V_NAME[$i]}" "${V_CMD[$i]}")
    else
      V_STATUS[i]=FAILED; V_REASON[i]=$REASON
      echo "   FAILED (not timed): ${V_NAME[$i]} — $REASON"
    fi
  done
  ((${#ok[@]})) || return 0
  # (make -B rebuilds everything on every run of the build: no --prepare needed)
  if ! "${hf[@]}" --runs "$runs" --export-json "$res/$g.json" "${args[@]}" 2>&1 | tee "$res/$g.txt"; then
    # One variant failed while being timed: time them one by one so the others still count.
    echo "   hyperfine failed; timing the variants of $g one by one"
    local parts=()
    for i in "${ok[@]}"; do
      if "${hf[@]}" --runs "$runs" --export-json "$res/$g.$i.json" -n "${V_NAME[$i]}" "${V_CMD[$i]}" >>"$res/$g.txt" 2>&1; then
        parts+=("$res/$g.$i.json")
      else
        V_STATUS[i]=FAILED; V_REASON[i]="failed while being timed (see ${g}.txt)"
        echo "   FAILED while timed: ${V_NAME[$i]}"
      fi
    done
    python3 - "$res/$g.json" "${parts[@]}" <<'EOF'
import json, sys
out = {"results": []}
for p in sys.argv[2:]:
    out["results"] += json.load(open(p))["results"]
json.dump(out, open(sys.argv[1], "w"), indent=2)
EOF
  fi
}

for g in startup dd find cat build placement-dd placement-find placement-build; do
  case $g in
    startup) want startup && time_group startup "$STARTUP_RUNS" ;;
    placement-*) want placement && time_group "$g" "$RUNS" ;;
    *) want "$g" && time_group "$g" "$RUNS" ;;
  esac
done
# ---------------------------------------------------------------------------------------------------- interleaved
# The ratios the targets compare again, this time with the variants timed in turn (bench/interleaved.py): hyperfine
# times one variant after another, so the ratio of two of its rows also measures how the host's load changed between
# them (the same build has come out 0.87× and 1.93× bare that way). report.py judges these targets by the paired
# ratios from here and shows hyperfine's next to them.
interleave() {   # GROUP ROUNDS NAME… (the first is the baseline; a variant that failed its check is left out)
  local g=$1 rounds=$2 n i found
  shift 2
  local -a args=()
  for n in "$@"; do
    found=
    for i in "${!V_GROUP[@]}"; do
      if [[ ${V_GROUP[$i]} == "$g" && ${V_NAME[$i]} == "$n" && ${V_STATUS[$i]:-} == ok ]]; then
        args+=("$n" "${V_CMD[$i]}"); found=1
      fi
    done
    if [[ -z $found ]]; then
      echo "   not interleaved: $g / $n did not pass its check"
      [[ $n == "$1" ]] && return 0
    fi
  done
  ((${#args[@]} >= 4)) || return 0
  echo
  echo "== $g, interleaved ($rounds rounds after 1 warmup round)"
  python3 bench/interleaved.py "$res/interleaved-$g.json" "$rounds" 1 "${args[@]}" \
    || { rm -f "$res/interleaved-$g.json"; echo "   FAILED: $g interleaved (see above)"; }
}
if want startup; then
  interleave startup $((STARTUP_RUNS * 4)) "bwrap --unshare-all" "sandtrace (all layers)" "sandtrace --trace=security" \
    "sandtrace --version (its process alone)" "/bin/true"
fi
if want dd; then
  interleave dd $((RUNS * 4)) "bare" "sandtrace --trace=security" "sandtrace --trace=security --trace-only"
fi
if want build; then
  interleave build $((RUNS * 3)) "bare" "sandtrace --trace=security --allow-path DIR --allow-exec" \
    "sandtrace --trace=security --trace-only" "ptrace floor: 2 stops per call" "ptrace floor: 1 stop per call"
fi

for i in "${!V_GROUP[@]}"; do
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${V_GROUP[$i]}" "${V_NAME[$i]}" "${V_KIND[$i]}" "${V_STATUS[$i]:-skipped}" \
    "${V_REASON[$i]:-}" "${V_CMD[$i]}" >>"$manifest"
done

# ---------------------------------------------------------------------------------------------------- tracer RSS
# Peak RSS of the tracer itself, not of the sandboxed programs. `/usr/bin/time -f %M` is the wrong tool here: it
# reports the ru_maxrss that wait4 returns for sandtrace, which the kernel computes as the maximum over sandtrace
# AND every descendant it (or its PID-1 reaper, which sandtrace reaps) has waited for — i.e. the biggest cc1, not
# the tracer. So bench/peak_rss.py starts sandtrace and samples VmHWM ("peak resident set size" of that process's
# own address space) from /proc/<pid>/status every 2 ms until it exits. VmHWM is a high-water mark, so sampling only
# misses growth in the last 2 ms before exit (when sandtrace only writes its summary). The tree figure that
# /usr/bin/time would have printed is recorded next to it for comparison.
if want rss; then
  echo
  echo "== rss (tracer peak RSS on the build)"
  : >"$res/rss.tsv"
  for depth in all security; do
    prepare_build
    name="sandtrace --trace=$depth --allow-path DIR --allow-exec"
    cmd=("$st" run --trace="$depth" --allow-path "$proj" --allow-exec -o /dev/null -- "${BUILD[@]}")
    if out=$(python3 bench/peak_rss.py "${cmd[@]}") && read -r rc hwm tree samples <<<"$out" && [[ $rc == 0 ]] && verify_build >/dev/null; then
      printf '%s\tok\t%s\t%s\t%s\t%s\n' "$name" "$hwm" "$tree" "$samples" "$(q "${cmd[@]}")" >>"$res/rss.tsv"
      echo "   $name: VmHWM $((hwm / 1024)) MiB (tree maxrss $((tree / 1024)) MiB, $samples samples)"
    else
      printf '%s\tFAILED\t\t\t\t%s\n' "$name" "$(q "${cmd[@]}")" >>"$res/rss.tsv"
      echo "   FAILED: $name ($out)"
    fi
  done
fi

# ---------------------------------------------------------------------------------------------------- report
cut -d' ' -f1-3 /proc/loadavg >"$res/loadavg.end"
t_end=$(date +%s%N)
python3 bench/report.py "$res" "$invocation" "$RUNS" "$STARTUP_RUNS" "$(((t_end - t_start) / 1000000))" | tee "$res/table.md"
echo
echo "results: ${res#"$repo"/}/ (summary.json, table.md, hyperfine JSON per workload)"
