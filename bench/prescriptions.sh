#!/usr/bin/env bash
# Screening time of a 5-drug prescription (a person with 20 active prescriptions at 3 units) and the CDS Hooks
# prescription-order-sign call, 1 and 4 clients, on embedded PostgreSQL: p50/p95/p99/max ms.
# Usage: bench/prescriptions.sh [requests-per-row (400)] [warm-up requests (100)]
# Builds the server and its test classes (no install), then runs PrescriptionBenchmark on the test class path.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="fhir-server/target/test-classes:fhir-server/target/classes:$(cat fhir-server/target/bench.classpath)"
exec java -Xmx2g -Dfile.encoding=UTF-8 -cp "$CP" org.countyhub.server.prescription.PrescriptionBenchmark "$@"
