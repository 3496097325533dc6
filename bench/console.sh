#!/usr/bin/env bash
# Console benchmark: the 患者360视图 (a person with ~200 resources at 3 units) and the 远程诊断工作台 (500 open
# reading Tasks) on PostgreSQL, p50/p95 at 1 and 4 signed-in browser sessions (docs/console.md, "Benchmark").
# Usage: bench/console.sh [people=1000] [resources=50] [tasks=500] [requests=100] [jdbc-url=...]
#   (each option as name=value, e.g. bench/console.sh people=150 requests=50)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/console-bench.classpath
exec java -Xmx4g -XX:+UseParallelGC -Dfile.encoding=UTF-8 ${BENCH_JAVA_OPTS:-} \
  -cp "fhir-server/target/test-classes:fhir-server/target/classes:adapters/target/classes:profiles/target/classes:$(cat fhir-server/target/console-bench.classpath)" \
  org.countyhub.server.console.bench.ConsoleBenchmark "$@"
