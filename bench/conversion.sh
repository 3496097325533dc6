#!/usr/bin/env sh
# Conversion benchmark (parse + map, no storage), one thread: the hub's translators vs the LinuxForHealth
# hl7v2-fhir-converter in the same JVM. Usage: bench/conversion.sh [seconds per run, default 10]
# Builds with the benchmark-only Maven profile "bench"; the reactor's own classes come first on the class path.
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -Pbench -pl adapters -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
CP="profiles/target/classes:adapters/target/classes:adapters/target/test-classes:$(cat adapters/target/bench-classpath.txt)"
exec java -Xmx2g -XX:+UseParallelGC -Dfile.encoding=UTF-8 -cp "$CP" org.countyhub.feeds.bench.ConversionBenchmark "${1:-10}"
