#!/usr/bin/env bash
# record-bridge-capture.sh — records fixtures/captures/mosquitto-bridge.pcap (see its README):
# two real mosquitto bridges to a third mosquitto, exchanging messages at QoS 0, 1 and 2 both ways.
#
# Needs root and Debian's mosquitto (2.0.11), mosquitto-clients and tcpdump. Everything runs in a
# network namespace made here ("mqc-bridge", removed at the end), over its own loopback; nothing
# reaches any other host.
#
#   remote  mosquitto: listener 1883 (the bridges; captured) and 1893 (the test clients; not)
#   local-a mosquitto: listener 1884, bridge "b311" to 127.0.0.1:1883, bridge_protocol_version
#           mqttv311 with the default try_private true (its CONNECT has Protocol Level 0x84)
#   local-b mosquitto: listener 1885, bridge "b5" to 127.0.0.1:1883, bridge_protocol_version mqttv50
# Each bridge: `topic NAME/out/# out 2` and `topic NAME/in/# in 2`, otherwise mosquitto's defaults
# (notifications on: each bridge publishes its state to $SYS/broker/connection/... on the remote).
# tcpdump -i lo records `tcp port 1883`: the two bridge connections only.
#
# Usage: bash scripts/record-bridge-capture.sh     (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=fixtures/captures/mosquitto-bridge.pcap
NS=mqc-bridge

# The recording runs as a second copy of this script inside the namespace, so that every process
# is a child of that shell (killed by its own pid; `ip netns exec` would stand between them).
if [ "${1:-}" != "--inside" ]; then
  ip netns del "$NS" 2>/dev/null || true
  ip netns add "$NS"
  trap 'ip netns del "$NS" 2>/dev/null || true' EXIT
  ip -n "$NS" link set lo up
  ip netns exec "$NS" bash "$0" --inside
  exit
fi

WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'cleanup; rm -rf "$WORK"' EXIT


cat >"$WORK/remote.conf" <<CONF
listener 1883 127.0.0.1
listener 1893 127.0.0.1
allow_anonymous true
CONF
bridge_conf() { # name port protocol
  cat <<CONF
listener $2 127.0.0.1
allow_anonymous true
connection $1
address 127.0.0.1:1883
remote_clientid bridge-$1
bridge_protocol_version $3
topic $1/out/# out 2
topic $1/in/# in 2
CONF
}
bridge_conf b311 1884 mqttv311 >"$WORK/local-a.conf"
bridge_conf b5 1885 mqttv50 >"$WORK/local-b.conf"

tcpdump -U -i lo -s 0 -w "$OUT" tcp port 1883 >"$WORK/tcpdump.log" 2>&1 &
CAP=$!
PIDS+=($CAP)
sleep 1.5
mosquitto -c "$WORK/remote.conf" >"$WORK/remote.log" 2>&1 &
PIDS+=($!)
sleep 0.5
mosquitto -c "$WORK/local-a.conf" >"$WORK/local-a.log" 2>&1 &
LOCAL_A=$!
PIDS+=($LOCAL_A)
mosquitto -c "$WORK/local-b.conf" >"$WORK/local-b.log" 2>&1 &
LOCAL_B=$!
PIDS+=($LOCAL_B)
sleep 1.5

# name local-port client-version
exchange() {
  mosquitto_sub -p 1893 -V "$3" -i "sub-remote-$1" -t "$1/out/#" -q 2 -C 3 -W 10 -v >>"$WORK/received.txt" &
  local s1=$!
  mosquitto_sub -p "$2" -V "$3" -i "sub-local-$1" -t "$1/in/#" -q 2 -C 3 -W 10 -v >>"$WORK/received.txt" &
  local s2=$!
  sleep 0.7
  for q in 0 1 2; do
    mosquitto_pub -p "$2" -V "$3" -i "pub-local-$1" -t "$1/out/q$q" -m "local to remote q$q" -q "$q"
    mosquitto_pub -p 1893 -V "$3" -i "pub-remote-$1" -t "$1/in/q$q" -m "remote to local q$q" -q "$q"
  done
  wait "$s1" "$s2"
}
exchange b311 1884 mqttv311
exchange b5 1885 5

# The local brokers first, so that each bridge ends with its DISCONNECT; then the capture.
kill "$LOCAL_A" "$LOCAL_B"
wait "$LOCAL_A" "$LOCAL_B" 2>/dev/null || true
sleep 1
kill -TERM "$CAP"
wait "$CAP" || true
cat "$WORK/tcpdump.log"
echo "received ($(wc -l <"$WORK/received.txt") of 12):"
sort "$WORK/received.txt"
grep -h -i "bridge" "$WORK"/local-*.log || true
ls -l "$OUT"
