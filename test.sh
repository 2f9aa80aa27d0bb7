#!/usr/bin/env bash
# The whole test suite (README "Run the tests"). Builds everything, runs every test against the JIT build, publishes
# the NativeAOT binary and runs the sandbox tests against it — and, when started as root, again as an unprivileged
# user (uid/gid 65534), because real users are not root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The JIT runtime (the test host and the JIT-built sandtrace the first pass runs) makes a debugger pipe pair and a
# diagnostics socket in /tmp for every process and never removes them: ~3 files per sandtrace run, tens of
# thousands per suite run. Nothing here attaches a debugger.
export DOTNET_EnableDiagnostics=0
passed=0 failed=0
# Runs one `dotnet test` and adds its counts to the totals printed at the end.
count() {
  local log; log=$(mktemp)
  local rc=0
  "$@" 2>&1 | tee "$log" || rc=$?
  local line; line=$(grep -E "^(Passed|Failed)!" "$log" | tail -1 || true)
  passed=$((passed + $(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$line" | head -1 || echo 0)))
  failed=$((failed + $(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$line" | head -1 || echo 0)))
  rm -f "$log"
  if ((rc != 0)); then echo "$passed passed, $((failed > 0 ? failed : 1)) failed"; exit "$rc"; fi
}

echo "== build"
dotnet build -c Release --nologo sandtrace.slnx

echo "== all tests (JIT build, as $(id -un))"
count dotnet test -c Release --no-build --nologo tests/Sandtrace.Tests

echo "== NativeAOT publish"
cxx=()
command -v clang >/dev/null || { command -v clang-14 >/dev/null && cxx=(-p:CppCompilerAndLinker=clang-14); }
dotnet publish -c Release -r linux-x64 -p:PublishAot=true "${cxx[@]}" --nologo -o "$repo/artifacts/aot" src/Sandtrace/Sandtrace.csproj
aot="$repo/artifacts/aot/sandtrace"
"$aot" run --trace-only -- /bin/true

echo "== sandbox tests against the NativeAOT binary (as $(id -un))"
count env SANDTRACE_BIN="$aot" dotnet test -c Release --no-build --nologo tests/Sandtrace.Tests --filter Category=Sandbox

if [[ $(id -u) == 0 ]]; then
  echo "== sandbox tests against the NativeAOT binary as an unprivileged user (65534)"
  stage=$(mktemp -d /tmp/sandtrace-unpriv.XXXXXX)
  mkdir -p "$stage/repo/schema" "$stage/repo/tests" "$stage/home"
  cp sandtrace.slnx "$stage/repo/"
  cp schema/events.schema.json "$stage/repo/schema/"
  cp -r examples "$stage/repo/"
  cp -r tests/escape tests/fixtures "$stage/repo/tests/"
  cp -r tests/Sandtrace.Tests/bin/Release/net10.0 "$stage/repo/tests/bin"
  cp "$aot" "$stage/sandtrace"
  chmod -R a+rX "$stage"
  chown 65534:65534 "$stage/home"
  count setpriv --reuid=65534 --regid=65534 --clear-groups \
    env HOME="$stage/home" DOTNET_CLI_HOME="$stage/home" TMPDIR="$stage/home" SANDTRACE_BIN="$stage/sandtrace" \
    dotnet test "$stage/repo/tests/bin/Sandtrace.Tests.dll" --filter Category=Sandbox --nologo
  rm -rf "$stage"
fi
# The test host's own cleanup (Support/TestTemp.cs) may be cut short when the runner stops it: remove the scratch
# roots of test processes that have ended (real directories owned by this user only).
for d in "${TMPDIR:-/tmp}"/sandtrace-tests-*-*; do
  pid=${d##*/sandtrace-tests-}; pid=${pid%%-*}
  [[ -d $d && ! -L $d && -O $d && $pid =~ ^[0-9]+$ && ! -e /proc/$pid ]] && rm -rf -- "$d"
done
echo "== all test runs passed"
echo "$passed passed, $failed failed"
