#!/usr/bin/env sh
# Big messages (issue 20 finding 3): the time from sending an ORU^R01 with 8 / 100 / 500 / 1,000 / 2,000 OBX over
# MLLP to its AA, on an idle hub on a fresh H2 database (or a PostgreSQL JDBC URL, user/password postgres/postgres).
# Usage: bench/big-message.sh [rounds per size, default 3] [jdbc url, "" = embedded H2] [--hub.setting=value ...]
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
CP="profiles/target/classes:adapters/target/classes:adapters/target/test-classes:fhir-server/target/classes:fhir-server/target/test-classes:$(cat fhir-server/target/bench-classpath.txt)"
exec java -Xmx2g -Dfile.encoding=UTF-8 ${BENCH_JAVA_OPTS:-} -cp "$CP" org.countyhub.server.feeds.bench.BigMessageBenchmark "$@"
