#!/usr/bin/env bash
# record-captures.sh — records the capture fixtures of fixtures/captures/ (see its README).
#
# Needs root and Debian's mosquitto (2.0.11), mosquitto-clients, tcpdump, tshark (for dumpcap)
# and wireshark-common (mergecap). All traffic stays inside a network namespace made here
# ("mqc-rec", removed at the end): the broker and every client talk over its own loopback
# (127.0.0.1 and ::1). Nothing reaches any other host. (This sandbox has no veth, VLAN or dummy
# devices, so the two-interface pcapng is two captures merged by mergecap, and the VLAN, BSD
# loopback, raw-IP and big-endian variants are rewritten from recorded frames by
# scripts/rewrite-capture.mjs.)
#
# Usage: bash scripts/record-captures.sh            (from the repository root)
# Then:  bash scripts/derive-captures.sh            (the rewritten fixtures)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=fixtures/captures
mkdir -p "$OUT"
SRV=mqc-rec
WORK=$(mktemp -d)

cleanup() {
  [ -n "${BROKER:-}" ] && kill "$BROKER" 2>/dev/null || true
  ip netns del "$SRV" 2>/dev/null || true
}
trap 'cleanup; rm -rf "$WORK"' EXIT
cleanup

ip netns add "$SRV"
ip -n "$SRV" link set lo up
in_srv() { ip netns exec "$SRV" "$@"; }

cat > "$WORK/mosquitto.conf" <<CONF
listener 1883
allow_anonymous true
CONF
in_srv mosquitto -c "$WORK/mosquitto.conf" >"$WORK/broker.log" 2>&1 &
BROKER=$!
sleep 1

# Starts a capture in the namespace (the arguments are its command); waits until it listens.
start_capture() {
  ip netns exec "$SRV" "$@" >"$WORK/capture.log" 2>&1 &
  CAP=$!
  sleep 1.5
}
stop_capture() {
  sleep 1
  kill -TERM "$CAP"
  wait "$CAP" || true
}

# 1. MQTT 3.1.1 on loopback, classic pcap, microseconds, Ethernet link type.
start_capture tcpdump -i lo -s 0 -w "$OUT/v311-loopback.pcap" tcp port 1883
in_srv mosquitto_sub -V mqttv311 -i sub311 -t 'sensors/#' -q 2 -C 3 -W 10 >/dev/null &
SUB=$!
sleep 0.5
in_srv mosquitto_pub -V mqttv311 -i pub0 -t sensors/temp -m 21.5 -q 0
in_srv mosquitto_pub -V mqttv311 -i pub1 -t sensors/temp -m 21.6 -q 1
in_srv mosquitto_pub -V mqttv311 -i pub2 -t sensors/hum -m 40 -q 2 -r
wait "$SUB" || true
in_srv mosquitto_pub -V mqttv311 -i clean -t sensors/hum -n -r
stop_capture

# 2. MQTT 5.0, Linux cooked capture v2, nanoseconds; one message of 200 kB spans segments.
head -c 200000 /dev/zero | tr '\0' 'm' >"$WORK/big.txt"
start_capture tcpdump -i any -y LINUX_SLL2 --time-stamp-precision=nano -s 0 -w "$OUT/v5-sll2-nano.pcap" tcp port 1883
in_srv mosquitto_sub -V 5 -i sub5 -t 'v5/#' -q 1 -C 2 -W 10 -D subscribe subscription-identifier 7 >/dev/null &
SUB=$!
sleep 0.5
in_srv mosquitto_pub -V 5 -i pub5 -t v5/props -m hello -q 1 -D publish user-property k v -D publish content-type text/plain
in_srv mosquitto_pub -V 5 -i pub5big -t v5/big -f "$WORK/big.txt" -q 1
wait "$SUB" || true
stop_capture

# 3. MQTT 3.1.1, Linux cooked capture v1.
start_capture tcpdump -i any -y LINUX_SLL -s 0 -w "$OUT/v311-sll.pcap" tcp port 1883
in_srv mosquitto_pub -V mqttv311 -i sll -t sll/t -m x -q 1
stop_capture

# 4. The raw-socket client that breaks stateful rules (and one non-MQTT connection).
start_capture tcpdump -i lo -s 0 -w "$OUT/stateful-faults.pcap" tcp port 1883
in_srv node scripts/mqtt-raw-client.mjs 127.0.0.1 1883
stop_capture

# 5. pcapng with two interfaces: a loopback capture (Ethernet, IPv4, 3.1.1) and an "any"
# capture (Linux cooked v1, IPv6 ::1, 5.0), merged with every interface description kept.
start_capture dumpcap -q -i lo -f 'tcp port 1883' -w "$WORK/if-lo.pcapng"
in_srv mosquitto_pub -V mqttv311 -i on-lo -h 127.0.0.1 -t two/lo -m a -q 1
stop_capture
start_capture dumpcap -q -i any -f 'tcp port 1883' -w "$WORK/if-any.pcapng"
in_srv mosquitto_pub -V 5 -i on-any6 -h ::1 -t two/v6 -m c -q 2
stop_capture
mergecap -F pcapng -I none -w "$OUT/two-interfaces.pcapng" "$WORK/if-lo.pcapng" "$WORK/if-any.pcapng"

kill "$BROKER"
wait "$BROKER" 2>/dev/null || true
BROKER=
echo "recorded into $OUT:"
ls -l "$OUT"
