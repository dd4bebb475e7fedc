#!/bin/sh
# The entry point of the inferscope image. The manifests pass a subcommand as container args.
#
# `collect gpu|kubernetes|logs`: the collector alone, as the repository's ./inferscope script runs
# it and as its footprint is measured (bench/results/collector-footprint.md): its own jar and
# runtime class path (collectors/NAME/, copied by the Dockerfile from collectors/NAME/target and
# classpath.txt) and the flags of collectors/collector.jvm.options. On the launcher's class path
# (~150 jars: Flink, Kafka Streams, the console) with the JVM's default heap, the Kubernetes
# collector took ~250 MiB at 5,000 pods instead of ~115-125.
#
# Anything else (`gateway`, `console`, `notify`, `collect --help`, ...): the launcher,
# io.inferscope.local.InferScopeCli, with the whole class path.
#
# The pods' JDK_JAVA_OPTIONS come first on the JVM's command line; a collector's flags file after
# them wins where both set the same flag (its -Xmx over a MaxRAMPercentage).
set -eu
APP="${INFERSCOPE_HOME:-/opt/inferscope}"

collector_main() {
  case "$1" in
    gpu) echo io.inferscope.collector.gpu.GpuCollectorMain ;;
    kubernetes) echo io.inferscope.collector.kubernetes.KubernetesCollectorMain ;;
    logs) echo io.inferscope.collector.logs.LogsCollectorMain ;;
    *) return 1 ;;
  esac
}

if [ "${1:-}" = collect ] && [ $# -ge 2 ] && main="$(collector_main "$2")" \
    && [ -d "$APP/collectors/$2" ]; then
  name="$2"
  shift 2
  # glibc otherwise gives each busy thread its own malloc arena
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  export MALLOC_ARENA_MAX
  exec java "@$APP/collectors/collector.jvm.options" -cp "$APP/collectors/$name/*" "$main" "$@"
fi
exec java -cp "$APP/inferscope.jar:$APP/lib/*" io.inferscope.local.InferScopeCli "$@"
