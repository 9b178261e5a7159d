#!/usr/bin/env bash
# A throw-away single-node Slurm cluster in one folder, for trying `hubspoke staffing sweep --slurm` and for
# Tests/CLITests/SlurmTests.swift. Needs root (slurmd runs jobs as their user) and Debian's slurm-wlm and munge
# (Tools/setup.sh --test installs them).
#   Tools/slurm-single-node.sh start DIR   munged, slurmctld and slurmd with a generated DIR/slurm.conf; returns
#                                          when the node is idle (or fails after 30 s, printing the daemons' logs)
#   Tools/slurm-single-node.sh stop DIR    cancels every job of that cluster and stops the three daemons
# Everything lives in DIR (keys, sockets, state, spool, logs): nothing in /etc is read or changed. Use the cluster
# with `export SLURM_CONF=DIR/slurm.conf` (or `. DIR/env`). Ports: SLURM_TEST_PORT for slurmctld and the next one
# for slurmd (default: the first two free from 6817).
set -euo pipefail
usage() { echo "usage: $0 start|stop DIR" >&2; exit 64; }
[ $# -eq 2 ] || usage
action=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
conf=$dir/slurm.conf
export SLURM_CONF=$conf
PATH=$PATH:/usr/sbin:/sbin

# Sends SIGTERM to the processes of the given pid files, waits until they have gone (up to 10 s, then SIGKILL).
stop_pids() {
  local pids=() file pid
  for file in "$@"; do
    if [ -s "$file" ]; then
      pid=$(cat "$file")
      if kill "$pid" 2>/dev/null; then pids+=("$pid"); fi
      rm -f "$file"
    fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  done
}

stop() {
  if [ -f "$conf" ] && [ -s "$dir/slurmctld.pid" ]; then
    # Cancel every job, so no job step outlives its slurmd.
    jobs=$(timeout 10 squeue -h -o %A 2>/dev/null || true)
    if [ -n "$jobs" ]; then
      # shellcheck disable=SC2086
      timeout 10 scancel $jobs 2>/dev/null || true
      for _ in $(seq 50); do [ -z "$(timeout 5 squeue -h -t running,completing -o %A 2>/dev/null || true)" ] && break; sleep 0.2; done
    fi
  fi
  stop_pids "$dir/slurmd.pid" "$dir/slurmctld.pid"
  stop_pids "$dir/munge/munged.pid"
}

logs() {
  for f in "$dir"/log/*.log "$dir"/log/daemons.out "$dir"/munge/munged.log; do [ -f "$f" ] && { echo "== $f"; tail -n 20 "$f"; }; done >&2
}

start() {
  if [ "$(id -u)" -ne 0 ]; then echo "$0: slurmd must run as root to start jobs (this is uid $(id -u))" >&2; exit 2; fi
  for tool in munged slurmctld slurmd sbatch sinfo; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed (Tools/setup.sh --test installs slurm-wlm and munge)" >&2; exit 2; }
  done
  stop # a cluster left over from an earlier run in the same folder
  local host port cpus
  host=$(hostname -s)
  port=${SLURM_TEST_PORT:-}
  if [ -z "$port" ]; then
    # The first pair of free ports from 6817 (Slurm's own), so a second cluster (or a real one) can run beside.
    for p in $(seq 6817 2 6999); do
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((p + 1))") 2>/dev/null; then port=$p; break; fi
    done
    [ -n "$port" ] || { echo "$0: no two free ports between 6817 and 7000" >&2; exit 1; }
  fi
  cpus=$(nproc)
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
  chmod 700 "$dir/munge"
  if [ ! -s "$dir/munge/munge.key" ]; then
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$dir/munge/munge.key"
  fi
  # The daemons' own output goes to DIR/log/daemons.out: a caller reading this script's output through a pipe
  # must not wait for daemons that keep it open.
  munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" </dev/null >>"$dir/log/daemons.out" 2>&1
  cat >"$conf" <<EOF
# A single-node cluster written by Tools/slurm-single-node.sh: no cgroups, no accounting database.
ClusterName=hubspoke-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
# Schedule every second (the defaults, 60 s and 30 s, would hold a dependent job up to half a minute).
SchedulerParameters=sched_interval=1,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  printf 'export SLURM_CONF=%q\n' "$conf" >"$dir/env"
  slurmctld -c -f "$conf" </dev/null >>"$dir/log/daemons.out" 2>&1 || { logs; exit 1; }
  slurmd -f "$conf" -N "$host" </dev/null >>"$dir/log/daemons.out" 2>&1 || { logs; exit 1; }
  for _ in $(seq 150); do
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
    if [ "$state" = idle ]; then echo "slurm: node $host idle; export SLURM_CONF=$conf"; return 0; fi
    sleep 0.2
  done
  echo "$0: the node did not become idle in 30 s (state: ${state:-none})" >&2
  logs
  stop
  exit 1
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
