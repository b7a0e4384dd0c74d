#!/usr/bin/env bash
# The load benchmark (docs/performance.md), one command:
#   integration-tests/bench.sh [quick|full] [idle] [fanout] [saturation] [rooms] [cluster]
# quick (default): short periods, about eight minutes; full: the sizes and periods of issue 8,
# about twenty. No scenario means all of them; `rooms` is the cost against room size, `cluster`
# the fan-out on two syncio nodes sharing a redis-server (needs redis-server on the PATH).
# Builds integration-tests and what it needs if target/ is missing (never installs into ~/.m2),
# installs the Node server's packages from its lockfile when node is present, then runs
# dev.syncio.it.bench.Benchmark. Tables go to stdout, JSON to integration-tests/target/bench/.
# BENCH_SERVERS=syncio,baseline,node chooses the servers; BENCH_ROOM_SIZES=10000 the sizes of the
# rooms scenario; BENCH_REBUILD=1 forces a build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$here"
if [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -f target/classpath.txt ] || [ ! -d target/classes/dev/syncio/it/bench ]; then
  (cd "$root" && ./mvnw -q -B -ntp -pl integration-tests -am -DskipTests package)
fi
if command -v node >/dev/null && [ ! -d bench/node/node_modules/socket.io ]; then
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
fi
# the generator holds up to 19,000 sockets; the servers are separate processes
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
exec java -Xmx2g -Dsyncio.bench.commit="$commit" \
  -Dsyncio.bench.servers="${BENCH_SERVERS:-syncio,baseline,node}" \
  -Dsyncio.bench.roomSizes="${BENCH_ROOM_SIZES:-}" \
  -cp "target/classes:$(cat target/classpath.txt)" dev.syncio.it.bench.Benchmark "$@"
