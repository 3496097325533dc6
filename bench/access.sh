#!/usr/bin/env bash
# What the 调阅 rules and the access records cost: Patient/$history-across-units of a treated person with records at
# two units, asked by a township clinician from several clients at once, with hub.access.enabled=true (rules +
# SM3-chained BALP records) and false (identity and roles only), each a hub of its own on a fresh H2 database, in the
# order rules, identity, rules. Prints requests/s and p50/p95 per mode (docs/access.md).
#   bench/access.sh [requests per client=100] [clients=4] [warm-up per client=30] [reports per unit=20]
#     [modes=rules,identity,rules] (uncached: rules with hub.access.decision-cache=0)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="fhir-server/target/test-classes:fhir-server/target/classes:$(cat fhir-server/target/bench.classpath)"
exec java -Xmx2g -Dfile.encoding=UTF-8 -cp "$CP" org.countyhub.server.access.bench.AccessBenchmark \
  "${1:-100}" "${2:-4}" "${3:-30}" "${4:-20}" "${5:-rules,identity,rules}"
