#!/usr/bin/env bash
# The JMH micro-benchmarks of the codec and broadcast paths (docs/performance.md), one command:
#   integration-tests/jmh.sh                      every benchmark (about three minutes)
#   integration-tests/jmh.sh Codec                those matching a regex (JMH's own syntax)
#   integration-tests/jmh.sh Emit -p members=1000 -prof gc     any JMH option after the regex
# Builds integration-tests and what it needs first (./mvnw package, offline when the local
# repository has everything, never install; JMH_REBUILD=0 skips the build), then runs
# org.openjdk.jmh.Main. Results also go to integration-tests/target/bench/jmh.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$here"
if [ "${JMH_REBUILD:-1}" != 0 ] || [ ! -f target/classpath.txt ] || [ ! -f target/classes/META-INF/BenchmarkList ]; then
  # the build's own output goes to stderr: stdout is JMH's
  (cd "$root" && { ./mvnw -o -q -B -ntp -pl integration-tests -am package -DskipTests >/dev/null 2>&1 \
                   || ./mvnw -q -B -ntp -pl integration-tests -am package -DskipTests; }) >&2
fi
args=("$@")
if [ ${#args[@]} -eq 0 ] || [[ "${args[0]}" == -* ]]; then
  args=("dev.syncio.it.bench.jmh" "${args[@]}")
fi
mkdir -p target/bench
# a result file of the caller's choosing wins over ours
if [[ " ${args[*]} " != *" -rff "* ]]; then
  args+=(-rf json -rff target/bench/jmh.json)
fi
exec java -cp "target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main "${args[@]}"
