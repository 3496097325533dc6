#!/usr/bin/env sh
# The end-to-end benchmark's reference point: a plain HAPI FHIR JPA server (same HAPI version, default storage
# settings, nothing of the hub) taking lab-result transactions (Patient + DiagnosticReport + 8 Observations,
# unconditional POST) from 1 and 4 HTTP clients on PostgreSQL (embedded binaries from Maven Central, or pass the
# JDBC URL of an empty database with user/password postgres/postgres).
# Usage: bench/plain-hapi.sh [bundles per run, default 400] [jdbc url, "" = embedded] [--bench.warmup=N]
#   [--bench.jit-rounds=N] (as the end-to-end benchmark: N warm-up bundles by 4 clients, default 4 x bundles per
#   run, then rounds of a run's length until the JIT compilers are done, at most N rounds, default 30)
# Each run prints bundles/s, latency and the CPU a bundle cost (this JVM, PostgreSQL processes on the machine).
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
CP="profiles/target/classes:adapters/target/classes:adapters/target/test-classes:fhir-server/target/classes:fhir-server/target/test-classes:$(cat fhir-server/target/bench-classpath.txt)"
exec java -Xmx3g -XX:+UseParallelGC -Dfile.encoding=UTF-8 -cp "$CP" org.countyhub.server.feeds.bench.PlainHapiBenchmark "$@"
