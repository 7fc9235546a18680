#!/usr/bin/env bash
# nas: runs the nas4j command line, building it first when the jar is missing or older than the sources.
# Works from any directory; paths given to it stay relative to the caller's directory.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jar="$root/nas-benchmarks/nas-cli/target/nas.jar"
# Spark's jars as Maven resolved them for nas-executor-spark (a list of paths in the local repository, written
# by the build); on the class path only with --executor spark, which a JVM without Spark refuses, and for
# resume, which continues a search on Spark when its store says that is where its trials ran.
spark_classpath="$root/nas-backends/nas-executor-spark/target/spark-classpath.txt"
spark=false
previous=""
[[ "${1:-}" == resume ]] && spark=true
for arg in "$@"; do
    if [[ "$arg" == "--executor=spark" || ( "$previous" == "--executor" && "$arg" == "spark" ) ]]; then
        spark=true
    fi
    previous="$arg"
done

# NAS4J_TENSORFLOW_GPU=1 builds with the CUDA build of TensorFlow's native library (Maven profile tensorflow-gpu).
profile=""
[[ "${NAS4J_TENSORFLOW_GPU:-0}" == 1 ]] && profile="-Ptensorflow-gpu"
marker="$root/nas-benchmarks/nas-cli/target/nas.profile"

stale() {
    [[ ! -f "$jar" ]] && return 0
    [[ "$spark" == true && ! -f "$spark_classpath" ]] && return 0
    [[ "$(cat "$marker" 2>/dev/null)" != "$profile" ]] && return 0
    # Any main source or pom newer than the jar means the jar no longer matches the code.
    [[ -n "$(find "$root" \( -name target -o -name .git \) -prune -o -type f \
        \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]]
}

if stale; then
    echo "building nas4j..." >&2
    # Maven's own output goes to stderr so that stdout carries only what nas prints.
    if ! (cd "$root" && mvn -q -B -DskipTests $profile -pl nas-benchmarks/nas-cli -am package) >&2; then
        echo "nas: the build failed (see the Maven output above)" >&2
        exit 1
    fi
    printf '%s' "$profile" > "$marker"
fi

# TensorFlow's native logging: warnings and errors only (worker processes inherit it).
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"

# The CLI's own JVM trains only when nothing else does (the final training, or --workers 0), so it may use
# every core; worker processes get their share through the executor.
# OpenMP threads that sleep instead of spinning while they wait: with spinning, two PyTorch threads on a
# machine other processes also load ran 1.4-11x slower than one, passive ones 0.57-1.54x (docs/benchmarks.md,
# "Threads: final training with 1 and 2 PyTorch threads").
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
java_options=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dai.djl.pytorch.num_threads="$(nproc 2>/dev/null || echo 1)")
if [[ "$spark" == true ]]; then
    # what Spark's own launcher gives a driver on Java 17 (its JavaModuleOptions); executors get the same from Spark
    java_options+=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
        --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
        --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
        --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
        --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
        -Dio.netty.tryReflectionSetAccessible=true)
    # NAS4J_SPARK_OPTIONS: Spark settings as system properties, e.g. "-Dspark.executor.memory=2g"
    read -r -a extra <<< "${NAS4J_SPARK_OPTIONS:-}"
    exec java "${java_options[@]}" ${extra[@]+"${extra[@]}"} -cp "$jar:$(cat "$spark_classpath")" io.nas4j.cli.NasCommand "$@"
fi
exec java "${java_options[@]}" -jar "$jar" "$@"
