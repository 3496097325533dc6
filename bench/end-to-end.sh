#!/usr/bin/env sh
# End-to-end benchmark: ORU^R01 with 8 OBX over MLLP by 1 and 4 concurrent senders, committed in PostgreSQL
# (embedded binaries from Maven Central, or pass a JDBC URL of a server with user/password postgres/postgres).
# Usage: bench/end-to-end.sh [messages per run, default 400] [jdbc url, "" = embedded] [--hub.setting=value ...]
#   [--bench.patients=N] (results for N registered patients; default every message a new patient)
#   [--bench.warmup=N] (N warm-up messages by 4 senders before measuring, default 4 x messages per run)
#   [--bench.jit-rounds=N] (then rounds of a run's length by 4 senders until the JIT compilers spend under 5 % of
#   a round compiling, at most N rounds, default 30; 0: none)
# Each run prints messages/s, ACK latency, the CPU a message cost (the hub's JVM, PostgreSQL processes on this
# machine) and the JIT's compile time during the run (adapters/README.md, "Benchmarks").
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl fhir-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
CP="profiles/target/classes:adapters/target/classes:adapters/target/test-classes:fhir-server/target/classes:fhir-server/target/test-classes:$(cat fhir-server/target/bench-classpath.txt)"
exec java -Xmx3g -XX:+UseParallelGC -Dfile.encoding=UTF-8 -cp "$CP" org.countyhub.server.feeds.bench.MllpBenchmark "$@"
