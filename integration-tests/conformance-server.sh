#!/usr/bin/env bash
# Runs ConformanceServer in the foreground (after a normal build: ./mvnw verify, or
# ./mvnw -DskipTests package). Then, from the project root:
#   ../shared/tools/protocol-suites.sh http://localhost:3000
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${1:-3000}"
cp_file="$here/target/classpath.txt"
if [ ! -f "$cp_file" ] || [ ! -d "$here/target/classes" ]; then
  echo "conformance-server: build first (./mvnw -DskipTests package from the project root)" >&2
  exit 2
fi
exec java -cp "$here/target/classes:$(cat "$cp_file")" dev.syncio.it.conformance.ConformanceServer "$port"
