#!/usr/bin/env bash
# Identity benchmark: a synthetic county on PostgreSQL, then the clinician's cross-unit calls (docs/identity.md).
# Usage: bench/identity-benchmark.sh [people=20000] [resources=50] [loaders=4] [requests=200] [jdbc-url=...]
set -euo pipefail
cd "$(dirname "$0")/.."
# one Maven run: the modules' classes resolve from the reactor, so nothing needs installing first (a fresh machine)
./mvnw -q -B -pl profiles,adapters,fhir-server test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="fhir-server/target/test-classes:fhir-server/target/classes:adapters/target/classes:profiles/target/classes:$(cat fhir-server/target/bench.classpath)"
exec java -Xmx6g -XX:+UseParallelGC -Dfile.encoding=UTF-8 -cp "$CP" \
  org.countyhub.server.identity.bench.IdentityBenchmark "$@"
