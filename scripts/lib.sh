# Shared shell helpers for scripts/: project root, cache dir, build-if-missing, local launcher.
# Sourced, not executed. Every script stays a thin wrapper around a Java main class.
set -euo pipefail

SPARKLM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS_DIR="$SPARKLM_ROOT/scripts"
SPARKLM_CACHE="${SPARKLM_CACHE:-$HOME/.cache/sparklm}"
export SPARKLM_ROOT SPARKLM_CACHE

die() { echo "$(basename "$0"): $*" >&2; exit 2; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# Builds the modules (without tests) when the classpath file is missing or any source/pom is newer.
sparklm_build() {
  local stamp="$SPARKLM_ROOT/spark-job/target/classpath.txt"
  if [[ -f "$stamp" ]] && [[ -z "$(find "$SPARKLM_ROOT"/pom.xml "$SPARKLM_ROOT"/*/pom.xml "$SPARKLM_ROOT"/*/src/main "$SPARKLM_ROOT"/conf -newer "$stamp" -type f 2>/dev/null | head -1)" ]]; then
    return 0
  fi
  say "building sparklm (mvn package -DskipTests; first run downloads dependencies, ~2-4 min)"
  local log="$SPARKLM_ROOT/target/build.log"
  mkdir -p "$SPARKLM_ROOT/target"
  if ! (cd "$SPARKLM_ROOT" && mvn -B -Dstyle.color=never -DskipTests package dependency:build-classpath \
      -Dmdep.includeScope=compile -Dmdep.outputFile=target/classpath.txt) > "$log" 2>&1; then
    grep -E "ERROR|FAIL" "$log" | head -20 >&2
    die "build failed (full log: $log)"
  fi
}

# The local launcher: runs a main class with Spark local[*] (or $SPARK_MASTER) and the full classpath.
sparklm_java() {
  sparklm_build
  local main="$1"; shift
  local cp="$SPARKLM_ROOT/spark-job/target/classes:$SPARKLM_ROOT/corpus-prep/target/classes:$SPARKLM_ROOT/tokenizer/target/classes:$(cat "$SPARKLM_ROOT/spark-job/target/classpath.txt")"
  exec java -Xmx"${SPARKLM_HEAP:-8g}" @"$SPARKLM_ROOT/conf/jvm.args" \
    -Dspark.master="${SPARK_MASTER:-local[*]}" \
    -Dspark.ui.showConsoleProgress=false \
    -Dspark.driver.host="${SPARK_DRIVER_HOST:-127.0.0.1}" \
    -Dlog4j2.configurationFile="$SPARKLM_ROOT/conf/log4j2.properties" \
    -Dsparklm.conf.dir="$SPARKLM_ROOT/conf" \
    -Dsparklm.cache="$SPARKLM_CACHE" \
    ${SPARKLM_JAVA_OPTS:-} \
    -cp "$cp" "$main" "$@"
}

# Prints a script's usage block (the leading comment lines after the shebang) and exits 0.
usage_from_header() {
  sed -n '2,/^[^#]/{/^#/!q;s/^# \{0,1\}//;p}' "$0"
  exit 0
}
