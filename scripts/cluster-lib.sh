# The one-machine cluster behind scripts/cluster (sourced after lib.sh; the cluster test suite and the cluster
# benchmark source it too). Every daemon is its own JVM on 127.0.0.1, started with setsid (its own process group,
# so `down` also reaches the executors a worker forks), marked -Dsparklm.cluster.daemon=NAME, pid in $CL_DIR/pids.

SPARK_VERSION=3.5.7
HADOOP_VERSION=3.3.4
CL_HOME="$SPARKLM_CACHE/cluster"                          # jars, built once from cluster/pom.xml
CL_DIR="$(realpath -m "${SPARKLM_CLUSTER_DIR:-$CL_HOME/run}")"  # this cluster's conf, data, logs and pids
CL_WORKERS="${SPARKLM_CLUSTER_WORKERS:-2}"
CL_WORKER_CORES="${SPARKLM_CLUSTER_WORKER_CORES:-1}"
CL_WORKER_MEMORY="${SPARKLM_CLUSTER_WORKER_MEMORY:-3g}"
CL_NM_MB="${SPARKLM_CLUSTER_NM_MB:-4096}"
CL_DATANODES=2
CL_NODEMANAGERS=2
CL_FS=hdfs://127.0.0.1:8020
CL_NN_HTTP=127.0.0.1:9870
CL_MASTER=spark://127.0.0.1:7077
CL_MASTER_UI=127.0.0.1:8080
CL_RM_UI=127.0.0.1:8088
CL_SPARK_HOME="$CL_DIR/spark"
CL_HCONF="$CL_DIR/hadoop-conf"
CL_READY_SECONDS="${SPARKLM_CLUSTER_READY_SECONDS:-120}"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=127.0.0.1  # Spark binds to and advertises 127.0.0.1 (not localhost)
export SPARK_SCALA_VERSION=2.12  # Spark's launcher (spark-submit, a worker's executor command) needs it outside a build tree

# Daemon JVMs: small heaps, serial GC and the C1 compiler only (they idle; startup and CPU matter on 2 cores), and
# the project's JVM flags (Java 17 --add-opens for Spark).
cl_daemon_jvm() {
  echo -Xmx"$1" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 @"$SPARKLM_ROOT/conf/jvm.args"
}

cl_daemons() {  # every daemon name, in start order
  local i names=(nn)
  for ((i = 1; i <= CL_DATANODES; i++)); do names+=("dn$i"); done
  names+=(master)
  for ((i = 1; i <= CL_WORKERS; i++)); do names+=("worker$i"); done
  if [[ -f "$CL_DIR/yarn.enabled" ]]; then
    names+=(rm)
    for ((i = 1; i <= CL_NODEMANAGERS; i++)); do names+=("nm$i"); done
  fi
  echo "${names[@]}"
}

# The jars: a Spark distribution's jars/ and the Hadoop daemons' class path, laid out by Maven from cluster/pom.xml
# (again when a pom there changed).
cl_jars() {
  local stamp="$CL_HOME/jars.stamp"
  if [[ -f "$stamp" && -z "$(find "$SPARKLM_ROOT/cluster" -name pom.xml -newer "$stamp" | head -1)" ]]; then
    return 0
  fi
  say "laying out Spark $SPARK_VERSION and Hadoop $HADOOP_VERSION jars under $CL_HOME (mvn -f cluster/pom.xml package)"
  mkdir -p "$CL_HOME"
  rm -rf "$CL_HOME/spark-$SPARK_VERSION/jars" "$CL_HOME/hadoop-$HADOOP_VERSION/jars"
  local log="$CL_HOME/jars-build.log"
  (cd "$SPARKLM_ROOT" && mvn -B -Dstyle.color=never -f cluster/pom.xml package -Dcluster.home="$CL_HOME") > "$log" 2>&1 \
    || { grep -E "ERROR" "$log" | head -10 >&2; die "cluster jars build failed (log: $log)"; }
  touch "$stamp"
}

cl_xml() {  # FILE key=value... : a Hadoop configuration file
  local file="$1" kv; shift
  {
    echo '<?xml version="1.0"?>'
    echo "<!-- written by scripts/cluster up -->"
    echo '<configuration>'
    for kv in "$@"; do echo "  <property><name>${kv%%=*}</name><value>${kv#*=}</value></property>"; done
    echo '</configuration>'
  } > "$file"
}

# Writes the Spark home (bin/ shims, jars/ link, conf/), the Hadoop configuration and the env file. Rewritten on
# every `up`, so a changed script or setting takes effect on the next start.
cl_prepare() {
  local java_home
  java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
  mkdir -p "$CL_DIR"/{logs,pids,tmp/spark,spark-events,hdfs,yarn} "$CL_SPARK_HOME"/{bin,conf} "$CL_HCONF"
  cp "$SPARKLM_ROOT"/cluster/bin/* "$CL_SPARK_HOME/bin/"
  ln -sfn "$CL_HOME/spark-$SPARK_VERSION/jars" "$CL_SPARK_HOME/jars"
  cp "$SPARKLM_ROOT/cluster/conf/log4j2.properties" "$CL_SPARK_HOME/conf/"
  cat > "$CL_SPARK_HOME/conf/spark-defaults.conf" <<EOF
# written by scripts/cluster up: the one-machine cluster in $CL_DIR
spark.master                             $CL_MASTER
spark.eventLog.enabled                   true
spark.eventLog.dir                       file://$CL_DIR/spark-events
spark.ui.showConsoleProgress             false
# YARN containers use this Spark's jars in place (same machine) instead of an upload per application
spark.yarn.jars                          local:$CL_SPARK_HOME/jars/*
spark.executorEnv.SPARK_LOCAL_IP         127.0.0.1
spark.executorEnv.SPARK_LOCAL_HOSTNAME   127.0.0.1
spark.yarn.appMasterEnv.SPARK_LOCAL_IP   127.0.0.1
spark.yarn.appMasterEnv.SPARK_LOCAL_HOSTNAME 127.0.0.1
# one ND4J (OpenMP) thread per executor core
spark.executorEnv.OMP_NUM_THREADS        $CL_WORKER_CORES
EOF
  cat > "$CL_SPARK_HOME/conf/spark-env.sh" <<EOF
# written by scripts/cluster up
export HADOOP_CONF_DIR="$CL_HCONF"
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_HOSTNAME=127.0.0.1
export JAVA_HOME="$java_home"
# drivers' scratch space (a driver killed with SIGKILL leaves its directories behind): in this cluster's directory
export SPARK_LOCAL_DIRS="$CL_DIR/tmp/spark"
EOF
  cl_xml "$CL_HCONF/core-site.xml" "fs.defaultFS=$CL_FS" "hadoop.tmp.dir=$CL_DIR/tmp"
  cl_xml "$CL_HCONF/hdfs-site.xml" \
    dfs.replication=2 \
    dfs.permissions.enabled=false \
    "dfs.namenode.name.dir=file://$CL_DIR/hdfs/name" \
    "dfs.namenode.http-address=$CL_NN_HTTP" \
    dfs.namenode.safemode.extension=0 \
    dfs.datanode.hostname=127.0.0.1 \
    dfs.namenode.datanode.registration.ip-hostname-check=false
  cl_xml "$CL_HCONF/yarn-site.xml" \
    yarn.resourcemanager.hostname=127.0.0.1 \
    yarn.resourcemanager.address=127.0.0.1:8032 \
    yarn.resourcemanager.scheduler.address=127.0.0.1:8030 \
    yarn.resourcemanager.resource-tracker.address=127.0.0.1:8031 \
    yarn.resourcemanager.admin.address=127.0.0.1:8033 \
    "yarn.resourcemanager.webapp.address=$CL_RM_UI" \
    yarn.resourcemanager.scheduler.class=org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler \
    yarn.scheduler.minimum-allocation-mb=256 \
    "yarn.scheduler.maximum-allocation-mb=$CL_NM_MB" \
    yarn.nodemanager.hostname=127.0.0.1 \
    yarn.nodemanager.bind-host=127.0.0.1 \
    "yarn.nodemanager.resource.memory-mb=$CL_NM_MB" \
    yarn.nodemanager.resource.cpu-vcores=2 \
    yarn.nodemanager.vmem-check-enabled=false \
    yarn.nodemanager.pmem-check-enabled=false \
    yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage=100 \
    yarn.nodemanager.disk-health-checker.min-free-space-per-disk-mb=0 \
    "yarn.nodemanager.localizer.java.opts=-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
  cp "$SPARKLM_ROOT/cluster/conf/log4j.properties" "$CL_HCONF/"
  cat > "$CL_DIR/env" <<EOF
export SPARK_HOME="$CL_SPARK_HOME"
export HADOOP_CONF_DIR="$CL_HCONF"
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_HOSTNAME=127.0.0.1
export SPARKLM_CLUSTER_DIR="$CL_DIR"
EOF
}

cl_pid() { cat "$CL_DIR/pids/$1.pid" 2>/dev/null || true; }

cl_running() {  # NAME: its pid file names a live process marked as that daemon
  local pid; pid="$(cl_pid "$1")"
  [[ -n "$pid" ]] && tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -q -- "-Dsparklm.cluster.daemon=$1 "
}

cl_start() {  # NAME CLASSPATH HEAP MAIN [ARGS...]: a daemon JVM in its own session, output to logs/NAME.log;
              # $CL_JVM_EXTRA: more JVM options
  local name="$1" cp="$2" heap="$3" main="$4"; shift 4
  cl_running "$name" && return 0
  local log="$CL_DIR/logs/$name.log"
  [[ -f "$log" ]] && mv "$log" "$log.1"
  # shellcheck disable=SC2046
  (cd "$CL_DIR" && exec setsid java $(cl_daemon_jvm "$heap") -Dsparklm.cluster.daemon="$name" \
      -Dsparklm.cluster.dir="$CL_DIR" -Dhadoop.log.dir="$CL_DIR/logs" -Dyarn.log.dir="$CL_DIR/logs" \
      -Dhadoop.root.logger=INFO,console -Dlog4j.configuration="file:$CL_HCONF/log4j.properties" ${CL_JVM_EXTRA:-} \
      -cp "$cp" "$main" "$@") > "$log" 2>&1 < /dev/null &
  echo $! > "$CL_DIR/pids/$name.pid"
}

cl_hadoop_cp() { echo "$CL_HCONF:$CL_HOME/hadoop-$HADOOP_VERSION/jars/*"; }
cl_spark_cp() { echo "$CL_SPARK_HOME/conf:$CL_SPARK_HOME/jars/*:$CL_HCONF"; }

cl_start_daemon() {  # NAME: start one daemon of the layout
  local name="$1" i="${1//[!0-9]/}" hcp scp
  hcp="$(cl_hadoop_cp)"; scp="$(cl_spark_cp)"
  case "$name" in
    nn) cl_start nn "$hcp" 512m org.apache.hadoop.hdfs.server.namenode.NameNode ;;
    dn*) cl_start "$name" "$hcp" 256m org.apache.hadoop.hdfs.server.datanode.DataNode \
           -D "dfs.datanode.data.dir=file://$CL_DIR/hdfs/$name" -D dfs.datanode.address=127.0.0.1:0 \
           -D dfs.datanode.http.address=127.0.0.1:0 -D dfs.datanode.ipc.address=127.0.0.1:0 ;;
    master) SPARK_HOME="$CL_SPARK_HOME" HADOOP_CONF_DIR="$CL_HCONF" cl_start master "$scp" 256m \
              org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "${CL_MASTER##*:}" \
              --webui-port "${CL_MASTER_UI##*:}" ;;
    worker*) mkdir -p "$CL_DIR/spark-work/$name"
             # finished applications' directories (each executor's copy of the application jar) go after an hour
             CL_JVM_EXTRA="-Dspark.worker.cleanup.enabled=true -Dspark.worker.cleanup.appDataTtl=3600" \
             SPARK_HOME="$CL_SPARK_HOME" HADOOP_CONF_DIR="$CL_HCONF" OMP_WAIT_POLICY=PASSIVE \
             SPARK_LOCAL_DIRS="$CL_DIR/tmp/spark" cl_start "$name" "$scp" 256m \
               org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$CL_WORKER_CORES" \
               --memory "$CL_WORKER_MEMORY" --work-dir "$CL_DIR/spark-work/$name" --webui-port 0 "$CL_MASTER" ;;
    rm) cl_start rm "$hcp" 512m org.apache.hadoop.yarn.server.resourcemanager.ResourceManager ;;
    nm*) mkdir -p "$CL_DIR/yarn/$name"/{local,logs}
         JAVA_HOME="$(sed -n 's/^export JAVA_HOME="\(.*\)"$/\1/p' "$CL_SPARK_HOME/conf/spark-env.sh")" \
         cl_start "$name" "$hcp" 384m org.apache.hadoop.yarn.server.nodemanager.NodeManager \
           -D "yarn.nodemanager.local-dirs=$CL_DIR/yarn/$name/local" -D "yarn.nodemanager.log-dirs=$CL_DIR/yarn/$name/logs" \
           -D yarn.nodemanager.address=127.0.0.1:0 -D yarn.nodemanager.localizer.address=127.0.0.1:0 \
           -D yarn.nodemanager.webapp.address=127.0.0.1:0 ;;
    *) die "unknown daemon '$name'" ;;
  esac
}

cl_format() {
  say "formatting HDFS in $CL_DIR/hdfs/name"
  # shellcheck disable=SC2046
  java $(cl_daemon_jvm 256m) -Dhadoop.root.logger=WARN,console -Dlog4j.configuration="file:$CL_HCONF/log4j.properties" \
    -cp "$(cl_hadoop_cp)" org.apache.hadoop.hdfs.server.namenode.NameNode -format -force -nonInteractive \
    -clusterid sparklm > "$CL_DIR/logs/format.log" 2>&1 || { tail -20 "$CL_DIR/logs/format.log" >&2; die "HDFS format failed"; }
}

cl_fail_log() {  # NAME: a daemon died: its log tail and a one-line error
  tail -30 "$CL_DIR/logs/$1.log" >&2
  die "daemon $1 exited during startup (log: $CL_DIR/logs/$1.log; scripts/cluster down stops the rest)"
}

cl_wait_ready() {  # SERVICE ADDR MEMBERS: until the probe says ready, a daemon dies or the deadline passes
  local service="$1" addr="$2" members="$3" line name
  local deadline=$((SECONDS + CL_READY_SECONDS))
  while true; do
    line="$(python3 "$SPARKLM_ROOT/cluster/probe.py" "$service" "$addr" "$members")" && { say "$service ready: $line"; return 0; }
    for name in $(cl_daemons); do cl_running "$name" || cl_fail_log "$name"; done
    ((SECONDS < deadline)) || die "$service not ready after ${CL_READY_SECONDS}s: $line (logs: $CL_DIR/logs; scripts/cluster down stops the rest)"
    sleep 0.5
  done
}

cl_port_of() {  # NAME: the fixed port a daemon listens on (none for DataNodes, workers, NodeManagers)
  case "$1" in
    nn) echo "${CL_FS##*:}" ;;
    master) echo "${CL_MASTER##*:}" ;;
    rm) echo 8032 ;;
  esac
}

cl_port_busy() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

cluster_up() {  # WITH_YARN
  local t0=$SECONDS name port
  cl_jars
  cl_prepare
  if $1; then touch "$CL_DIR/yarn.enabled"; else rm -f "$CL_DIR/yarn.enabled"; fi
  for name in $(cl_daemons); do  # another cluster (or program) on our ports would make our daemons fail late
    port="$(cl_port_of "$name")"
    if [[ -n "$port" ]] && ! cl_running "$name" && cl_port_busy "$port"; then
      die "port 127.0.0.1:$port ($name) is taken by another process: another cluster? (SPARKLM_CLUSTER_DIR=... scripts/cluster status|down)"
    fi
  done
  [[ -f "$CL_DIR/up.since" ]] || touch "$CL_DIR/up.since"
  [[ -d "$CL_DIR/hdfs/name/current" ]] || cl_format
  for name in $(cl_daemons); do cl_start_daemon "$name"; done
  cl_wait_ready hdfs "$CL_NN_HTTP" "$CL_DATANODES"
  cl_wait_ready spark "$CL_MASTER_UI" "$CL_WORKERS"
  $1 && cl_wait_ready yarn "$CL_RM_UI" "$CL_NODEMANAGERS"
  say "cluster up in $((SECONDS - t0)) s ($CL_DIR); jobs: eval \"\$(scripts/cluster env)\"; scripts/submit -- JOB ..."
}

# Java processes that belong to this cluster but are not daemons: executors (their class path is this cluster's
# Spark home), YARN containers (working directories under the NodeManagers' local dirs), drivers submitted
# through this cluster's bin/spark-submit.
cl_cluster_jvms() {
  local p
  for p in /proc/[0-9]*; do
    [[ "$(readlink "$p/exe" 2>/dev/null)" == */java ]] || continue
    local cmdline; cmdline="$(tr '\0' ' ' 2>/dev/null < "$p/cmdline")" || continue
    [[ "$cmdline" == *"$CL_DIR/"* && "$cmdline" != *-Dsparklm.cluster.daemon=* ]] || continue
    echo "${p#/proc/}"
  done
}

cl_clean_aeron() {  # /dev/shm/aeron-* made since `up` that no live process maps any more
  local d removed=0
  [[ -f "$CL_DIR/up.since" ]] || return 0
  for d in /dev/shm/aeron-*; do
    [[ -d "$d" && "$d" -nt "$CL_DIR/up.since" ]] || continue
    if grep -qs -- "$d/" /proc/[0-9]*/maps; then continue; fi
    rm -rf "$d" && removed=$((removed + 1))
  done
  ((removed == 0)) || say "removed $removed /dev/shm/aeron-* directories left by this cluster's processes"
}

cluster_down() {
  [[ -d "$CL_DIR/pids" ]] || { say "no cluster in $CL_DIR"; return 0; }
  local names=() name pid pids=() i
  for f in "$CL_DIR"/pids/*.pid; do [[ -f "$f" ]] && names+=("$(basename "$f" .pid)"); done
  for name in "${names[@]}"; do
    if cl_running "$name"; then pid="$(cl_pid "$name")"; pids+=("$pid"); kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for ((i = 0; i < 20; i++)); do  # up to 10 s for a clean stop (workers and node managers stop their executors)
    local alive=0
    for pid in "${pids[@]}"; do [[ -d "/proc/$pid" ]] && alive=1; done
    ((alive)) || break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do  # what is left, with its process group (a worker's executors)
    [[ -d "/proc/$pid" ]] || continue
    say "daemon pid $pid did not stop in 10 s: SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  pids=($(cl_cluster_jvms))
  if ((${#pids[@]})); then
    say "stopping ${#pids[@]} executor/container/driver JVMs of this cluster: ${pids[*]}"
    kill -KILL "${pids[@]}" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$CL_DIR"/pids/*.pid
  cl_clean_aeron
  rm -f "$CL_DIR/up.since"
  say "cluster down ($CL_DIR)"
}

cluster_status() {
  local name all=0
  [[ -d "$CL_DIR/pids" ]] || { echo "no cluster in $CL_DIR"; return 1; }
  for name in $(cl_daemons); do
    if cl_running "$name"; then printf '%-8s running  pid %s\n' "$name" "$(cl_pid "$name")"
    else printf '%-8s stopped\n' "$name"; all=1; fi
  done
  printf '%-8s %s\n' hdfs "$(python3 "$SPARKLM_ROOT/cluster/probe.py" hdfs "$CL_NN_HTTP" "$CL_DATANODES")  $CL_FS"
  printf '%-8s %s\n' spark "$(python3 "$SPARKLM_ROOT/cluster/probe.py" spark "$CL_MASTER_UI" "$CL_WORKERS")  $CL_MASTER"
  [[ -f "$CL_DIR/yarn.enabled" ]] && \
    printf '%-8s %s\n' yarn "$(python3 "$SPARKLM_ROOT/cluster/probe.py" yarn "$CL_RM_UI" "$CL_NODEMANAGERS")  http://$CL_RM_UI"
  local jvms; jvms=($(cl_cluster_jvms))
  printf '%-8s %s\n' jobs "${#jvms[@]} executor/container/driver JVMs${jvms:+: ${jvms[*]}}"
  return $all
}

cluster_fsshell() {
  [[ -f "$CL_HCONF/core-site.xml" ]] || die "no cluster in $CL_DIR (scripts/cluster up)"
  # shellcheck disable=SC2046
  java $(cl_daemon_jvm 256m) -Dhadoop.root.logger=WARN,console -Dlog4j.configuration="file:$CL_HCONF/log4j.properties" \
    -cp "$(cl_hadoop_cp)" org.apache.hadoop.fs.FsShell "$@"
}

cluster_kill() {
  cl_running "$1" || die "daemon $1 is not running"
  local pid; pid="$(cl_pid "$1")"
  kill -KILL "$pid"
  say "killed $1 (pid $pid) with SIGKILL"
}
