#!/usr/bin/env bash
# Latency of $recognizable-results and the CDS Hooks order-sign service on embedded PostgreSQL.
# Usage: bench/recognition.sh [requests-per-row (400)] [warm-up requests (100)]
#   BENCH_JAVA_OPTS="-Dhub.access.enabled=false" bench/recognition.sh: the same without the 调阅 rules (their cost)
# Builds the server and its test classes (no install), then runs RecognitionBenchmark on the test class path.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="fhir-server/target/test-classes:fhir-server/target/classes:$(cat fhir-server/target/bench.classpath)"
exec java -Xmx2g -Dfile.encoding=UTF-8 ${BENCH_JAVA_OPTS:-} -cp "$CP" org.countyhub.server.recognition.RecognitionBenchmark "$@"
