#!/usr/bin/env bash
# Runs sandtrace from a source checkout: builds it (Release, once, quietly) and executes it with your arguments.
# Example: ./sandtrace.sh run --trace-only -vv -- /bin/ls /tmp
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/src/Sandtrace/bin/Release/net10.0/sandtrace"
newest_source=$(find "$here/src/Sandtrace" -name '*.cs' -newer "$bin" -print -quit 2>/dev/null || echo rebuild)
if [[ ! -x "$bin" || -n "$newest_source" ]]; then
  dotnet build -c Release --nologo -v quiet "$here/src/Sandtrace/Sandtrace.csproj" >&2 || exit 125
fi
# The JIT runtime's W^X double mapping is unsafe across sandtrace's raw clone; sandtrace would re-execute itself
# with it off, so set it here and save that second start.
export DOTNET_EnableWriteXorExecute=0
exec "$bin" "$@"
