# Shared shell helpers for scripts/: project root, cache dir, build-if-missing, local launcher.
# Sourced, not executed. Every script stays a thin wrapper around a Java main class.
set -euo pipefail

SPARKLM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS_DIR="$SPARKLM_ROOT/scripts"
SPARKLM_CACHE="${SPARKLM_CACHE:-$HOME/.cache/sparklm}"
export SPARKLM_ROOT SPARKLM_CACHE
# ND4J's OpenMP threads sleep instead of spinning between ops: on a machine shared with other processes (or with
# several Spark tasks per host) spinning threads starve each other; measured 12x faster training at load ~6 on 2
# cores, see docs/performance.md. Set OMP_WAIT_POLICY=ACTIVE to override on a dedicated host.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

die() { echo "$(basename "$0"): $*" >&2; exit 2; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# The nd4j-native classifier for this host: $SPARKLM_ND4J_CLASSIFIER if set, else linux-x86_64-onednn-avx2 on
# an x86-64 CPU with AVX2+FMA (fastest measured, see docs/performance.md), else the portable linux-x86_64 (the
# pom default, used by CI). Each flavour is one ~90 MB jar; only the chosen one is on the class path.
sparklm_nd4j_classifier() {
  if [[ -n "${SPARKLM_ND4J_CLASSIFIER:-}" ]]; then
    echo "$SPARKLM_ND4J_CLASSIFIER"
  elif [[ "$(uname -m)" == x86_64 ]] && grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo; then
    echo linux-x86_64-onednn-avx2
  else
    echo linux-x86_64
  fi
}

# Builds the modules (without tests) when the classpath file is missing, any source/pom is newer, or the ND4J
# classifier changed.
sparklm_build() {
  local stamp="$SPARKLM_ROOT/app/target/classpath.txt"
  local classifier; classifier="$(sparklm_nd4j_classifier)"
  local cstamp="$SPARKLM_ROOT/target/nd4j.classifier"
  if [[ -f "$stamp" ]] && [[ "$(cat "$cstamp" 2>/dev/null)" == "$classifier" ]] && [[ -z "$(find "$SPARKLM_ROOT"/pom.xml "$SPARKLM_ROOT"/*/pom.xml "$SPARKLM_ROOT"/*/src/main "$SPARKLM_ROOT"/conf -newer "$stamp" -type f 2>/dev/null | head -1)" ]]; then
    return 0
  fi
  say "building sparklm (mvn package -DskipTests, nd4j classifier $classifier; first run downloads dependencies, ~2-4 min)"
  local log="$SPARKLM_ROOT/target/build.log"
  mkdir -p "$SPARKLM_ROOT/target"
  if ! (cd "$SPARKLM_ROOT" && mvn -B -Dstyle.color=never -DskipTests -Dnd4j.classifier="$classifier" package dependency:build-classpath \
      -Dmdep.includeScope=compile -Dmdep.outputFile=target/classpath.txt) > "$log" 2>&1; then
    grep -E "ERROR|FAIL" "$log" | head -20 >&2
    die "build failed (full log: $log)"
  fi
  touch "$stamp" # build-classpath leaves an unchanged file alone: mark this build as the newest
  echo "$classifier" > "$cstamp"
}

# HuggingFace tokenizers' Node binding (npm tokenizers@0.23.2, the reference implementation for goldens and the
# tokenizer benchmark), installed once into $SPARKLM_CACHE/npm/gold (outside git); prints its node_modules directory.
# Returns 1 (printing nothing) when node/npm are missing or the install fails.
sparklm_npm_tokenizers() {
  local dir="$SPARKLM_CACHE/npm/gold"
  command -v node > /dev/null || return 1
  if [[ ! -d "$dir/node_modules/tokenizers" ]]; then
    command -v npm > /dev/null || return 1
    mkdir -p "$dir"
    say "installing npm tokenizers@0.23.2 into $dir"
    [[ -f "$dir/package.json" ]] || echo '{"name":"sparklm-goldens","private":true}' > "$dir/package.json"
    (cd "$dir" && npm install --silent --no-audit --no-fund tokenizers@0.23.2) >&2 || return 1
  fi
  echo "$dir/node_modules"
}

# The local launcher: runs a main class with Spark local[*] (or $SPARK_MASTER) and the full classpath.
sparklm_java() {
  sparklm_build
  local main="$1"; shift
  local cp="" m
  for m in app spark-job corpus-prep contract tokenizer; do cp+="$SPARKLM_ROOT/$m/target/classes:"; done
  cp+="$(cat "$SPARKLM_ROOT/app/target/classpath.txt")"
  # One native (OpenMP) thread per Spark task: local[*] runs one DL4J worker per core, and more threads per
  # worker oversubscribe the cores (measured 5-7x slower steps on 2 cores). Override with OMP_NUM_THREADS.
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  local heap="${SPARKLM_HEAP:-8g}"
  exec java -Xmx"$heap" -Dorg.bytedeco.javacpp.maxbytes="${SPARKLM_NATIVE_MEMORY:-$(sparklm_native_default "$heap")}" \
    @"$SPARKLM_ROOT/conf/jvm.args" \
    -Dspark.master="${SPARK_MASTER:-local[*]}" \
    -Dspark.ui.showConsoleProgress=false \
    -Dspark.driver.host="${SPARK_DRIVER_HOST:-127.0.0.1}" \
    -Dlog4j2.configurationFile="$SPARKLM_ROOT/conf/log4j2.properties" \
    -Dsparklm.conf.dir="$SPARKLM_ROOT/conf" \
    -Dsparklm.cache="$SPARKLM_CACHE" \
    ${SPARKLM_JAVA_OPTS:-} \
    -cp "$cp" "$main" "$@"
}

# ND4J's off-heap limit when SPARKLM_NATIVE_MEMORY is unset: the machine's memory less 4 GB (what a training JVM's
# heap and the JVM itself use in practice; both are limits, not reservations), at least the heap size ($1, e.g. 8g
# or 512m: JavaCPP's own default).
sparklm_native_default() {
  local heap_mb total_mb
  case "$1" in
    *[gG]) heap_mb=$(( ${1%[gG]} * 1024 ));;
    *[mM]) heap_mb=${1%[mM]};;
    *) heap_mb=$(( $1 / 1048576 ));;
  esac
  total_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0) / 1024 ))
  local native_mb=$(( total_mb - 4096 ))
  (( native_mb < heap_mb )) && native_mb=$heap_mb
  echo "${native_mb}m"
}

# Prints a script's usage block (the leading comment lines after the shebang) and exits 0.
usage_from_header() {
  sed -n '2,/^[^#]/{/^#/!q;s/^# \{0,1\}//;p}' "$0"
  exit 0
}
