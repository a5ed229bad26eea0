#!/usr/bin/env bash
# Side-by-side throughput: the standalone emulator jar and a real redis-server, same redis-benchmark
# runs, ratio printed per test. Build the jar first: mvn -q -DskipTests package
# Usage: bench/run.sh [requests]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
JAR=standalone/target/emredis.jar
[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
command -v redis-benchmark >/dev/null || { echo "redis-benchmark not found (apt-get install redis-tools)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
EP=$(free_port); RP=$(free_port)
java -jar "$JAR" --port "$EP" > /tmp/emredis-bench.log 2>&1 & EPID=$!
redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > /tmp/redis-bench.log 2>&1 & RPID=$!
trap 'kill $EPID $RPID 2>/dev/null || true' EXIT
for p in $EP $RP; do for _ in $(seq 100); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done; done

rps() { # port extra-args... -> "test rps" lines
  redis-benchmark -p "$1" -n "$N" -q -t set,get,incr "${@:2}" 2>/dev/null | tr '\r' '\n' | awk -F: '/requests per second/ {split($2,a," "); print $1, a[1]}'
}
# warm the JVM up before measuring: the JIT needs a few hundred thousand calls of each command
# before it settles (with one short round, the first test measured, SET, came out at half speed)
for _ in 1 2 3; do redis-benchmark -p "$EP" -n 300000 -q -t set,get,incr -P 16 -c 50 >/dev/null 2>&1; done

printf '%-28s %14s %14s %7s\n' test emulator redis ratio
for mode in "-P 16 -c 50" "-c 50"; do
  paste <(rps "$EP" $mode) <(rps "$RP" $mode) | while read -r t1 e t2 r; do
    printf '%-28s %14s %14s %7.2f\n' "$t1 ($mode)" "$e" "$r" "$(echo "$e / $r" | bc -l)"
  done
done

# EVALSHA of a small script (issue 5's goal: at least 0.3x real Redis), after SCRIPT LOAD on both
SCRIPT='return redis.call("incr", KEYS[1])'
ESHA=$(redis-cli -p "$EP" script load "$SCRIPT"); RSHA=$(redis-cli -p "$RP" script load "$SCRIPT")
evalsha_rps() {
  redis-benchmark -p "$1" -n "$N" -q -c 50 "${@:3}" evalsha "$2" 1 counter 2>/dev/null | tr '\r' '\n' \
    | awk -F: '/requests per second/ {split($2,a," "); print a[1]}' | tail -1
}
redis-benchmark -p "$EP" -n 100000 -q -c 50 evalsha "$ESHA" 1 counter >/dev/null 2>&1 # warm-up
for mode in "-P 16" ""; do
  e=$(evalsha_rps "$EP" "$ESHA" $mode); r=$(evalsha_rps "$RP" "$RSHA" $mode)
  printf '%-28s %14s %14s %7.2f\n' "EVALSHA (${mode:-no pipelining} -c 50)" "$e" "$r" "$(echo "$e / $r" | bc -l)"
done

# Triggers and functions (issue 6): TFCALL of a trivial sync JS function and TFCALLASYNC with one
# block(), beside FCALL of the same function in Lua (emulator and real Redis; real Redis has no JS)
redis-cli -p "$EP" tfunction load replace "$(printf '#!js api_version=1.0 name=benchjs\nredis.registerFunction("get", (c, k) => c.call("get", k));\nredis.registerAsyncFunction("aget", async (c, k) => c.block((s) => s.call("get", k)));')" >/dev/null
for p in $EP $RP; do
  redis-cli -p "$p" function load replace "$(printf '#!lua name=benchlua\nredis.register_function("get", function(keys, args) return redis.call("get", keys[1]) end)')" >/dev/null
done
one_rps() { # port args... -> requests per second
  redis-benchmark -p "$1" -n "$N" -q -c 50 "${@:2}" 2>/dev/null | tr '\r' '\n' | awk -F: '/requests per second/ {split($2,a," "); print a[1]}' | tail -1
}
redis-benchmark -p "$EP" -n 50000 -q -c 50 tfcall benchjs.get 1 k >/dev/null 2>&1 # warm-up
printf '%-34s %14s %14s\n' "functions (-c 50, no pipelining)" emulator redis
printf '%-34s %14s %14s\n' "TFCALL benchjs.get" "$(one_rps "$EP" tfcall benchjs.get 1 k)" "-"
printf '%-34s %14s %14s\n' "TFCALLASYNC benchjs.aget (block)" "$(one_rps "$EP" tfcallasync benchjs.aget 1 k)" "-"
printf '%-34s %14s %14s\n' "FCALL get (Lua)" "$(one_rps "$EP" fcall get 1 k)" "$(one_rps "$RP" fcall get 1 k)"
