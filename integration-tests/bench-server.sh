#!/usr/bin/env bash
# Runs one bench server in the foreground on 127.0.0.1, so any load tool can drive it:
#   integration-tests/bench-server.sh PORT SECRET            syncio (dev.syncio.it.bench.server.BenchServer)
#   integration-tests/bench-server.sh PORT SECRET baseline   netty-socketio 2.0.14 used directly
#   integration-tests/bench-server.sh PORT SECRET node       Node socket.io 4.8 (bench/node, after npm ci there)
# Events and token rules: dev.syncio.it.bench.server.BenchEvents. Build first:
#   ./mvnw -q -DskipTests -pl integration-tests -am package
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 2 ]; then
  echo "usage: bench-server.sh PORT SECRET [baseline|node]" >&2
  exit 2
fi
port="$1" secret="$2" kind="${3:-syncio}"
case "$kind" in
  node)
    cd "$here/bench/node"
    [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
    exec node --expose-gc server.mjs "$port" "$secret" ;;
  syncio|baseline)
    cp_file="$here/target/classpath.txt"
    if [ ! -f "$cp_file" ] || [ ! -d "$here/target/classes/dev/syncio/it/bench" ]; then
      echo "bench-server: build first (./mvnw -DskipTests -pl integration-tests -am package from the project root)" >&2
      exit 2
    fi
    main=dev.syncio.it.bench.server.BenchServer
    [ "$kind" = baseline ] && main=dev.syncio.it.bench.server.BaselineServer
    exec java -Xmx512m -cp "$here/target/classes:$(cat "$cp_file")" "$main" "$port" "$secret" ;;
  *)
    echo "bench-server: unknown server '$kind' (syncio, baseline or node)" >&2
    exit 2 ;;
esac
