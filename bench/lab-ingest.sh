#!/usr/bin/env bash
# Ingest rate of a typical lab result transaction (Patient + DiagnosticReport + 8 Observations) with the guide
# enforced (hub.validation.* = reject) and with validation off. Each mode starts its own hub on a fresh H2 database
# in a temp folder; nothing is installed into the local Maven repository.
#   bench/lab-ingest.sh [transactions=300] [warm-up=50] [public-health|critical-values [off-first]]
# With "public-health" both runs validate and the second turns notifiable disease detection off; with
# "critical-values" both load a critical value table of 200 items and the second turns its detection off ("off-first":
# the other order).
# A first, unreported-for-comparison run of the first mode warms the JVM: the first hub of a JVM is ~40 % slower.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="fhir-server/target/test-classes:fhir-server/target/classes:$(cat fhir-server/target/bench.classpath)"
exec java -Xmx2g -Dfile.encoding=UTF-8 -cp "$CP" org.countyhub.server.bench.LabIngestBenchmark "${1:-300}" "${2:-50}" ${3:+"$3"} ${4:+"$4"}
