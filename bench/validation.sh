#!/usr/bin/env sh
# The guide check alone, one thread: a lab result's DiagnosticReport and 8 Observations validated over and over by
# the hub's rule (docs/validation.md, "What it costs"). The hub starts on an embedded PostgreSQL (Maven Central
# binaries) or on the JDBC URL given (user/password postgres/postgres).
# Usage: bench/validation.sh [validations per round, default 3000] [rounds, default 8] [jdbc url, "" = embedded]
#   [threads, default 1] [mapped|stored, default mapped: the resources as the LIS feed maps them; stored: as the
#   hub stores them, written by a transaction and read back]. Each round prints ms and CPU ms per resource.
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
CP="profiles/target/classes:adapters/target/classes:adapters/target/test-classes:fhir-server/target/classes:fhir-server/target/test-classes:$(cat fhir-server/target/bench-classpath.txt)"
exec java -Xmx2g -XX:+UseParallelGC -Dfile.encoding=UTF-8 -cp "$CP" org.countyhub.server.validation.ValidationBenchmark "$@"
