#!/usr/bin/env bash
# Indicator benchmark: the identity benchmark's synthetic county plus a year of visits on PostgreSQL, then the time
# to compute all reform indicators for a month and for the year (docs/indicators.md).
# Usage: bench/indicators.sh [people=20000] [resources=10] [visits=4] [loaders=4] [repeat=5] [jdbc-url=...]
#   [load-county=true] (false with a jdbc-url whose database already holds the county: only visits are added)
#   (each option as name=value, e.g. bench/indicators.sh people=2000)
set -euo pipefail
cd "$(dirname "$0")/.."
# one Maven run: the modules' classes resolve from the reactor, so nothing needs installing first (a fresh machine)
./mvnw -q -B -pl profiles,adapters,fhir-server test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="fhir-server/target/test-classes:fhir-server/target/classes:adapters/target/classes:profiles/target/classes:$(cat fhir-server/target/bench.classpath)"
exec java -Xmx4g -XX:+UseParallelGC -Dfile.encoding=UTF-8 -cp "$CP" \
  org.countyhub.server.indicators.bench.IndicatorBenchmark "$@"
