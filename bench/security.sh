#!/usr/bin/env bash
# What security costs: an ORU^R01 (8 OBX) over MLLP and Patient/$history-across-units, with security on (bearer
# tokens checked, feeds bound to addresses) and off (hub.security.benchmark-off=true, demo county only), each mode
# a hub of its own on a fresh H2 database, in the order on, off, on. Prints messages/s and p50/p95 per mode.
#   bench/security.sh [messages=200] [history requests=400] [warm-up=100]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="fhir-server/target/test-classes:fhir-server/target/classes:$(cat fhir-server/target/bench.classpath)"
exec java -Xmx2g -Dfile.encoding=UTF-8 -cp "$CP" org.countyhub.server.security.bench.SecurityBenchmark \
  "${1:-200}" "${2:-400}" "${3:-100}"
