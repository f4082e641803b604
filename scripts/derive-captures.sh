#!/usr/bin/env bash
# derive-captures.sh — the rewritten capture fixtures, made from the recorded ones by
# scripts/rewrite-capture.mjs (deterministic: same inputs, same files). See
# fixtures/captures/README.md for what each one is for.
set -euo pipefail
cd "$(dirname "$0")/.."
C=fixtures/captures
R() { node scripts/rewrite-capture.mjs "$@"; }
# Connection 1 (the subscriber) with its segments permuted and 4 of them sent twice.
R $C/v311-loopback.pcap $C/reordered-duplicated.pcap --shuffle 1 --duplicate 4 --seed 7
# Frame 20 (the broker's PUBLISH "21.5" to the subscriber) lost: a gap at a packet boundary.
R $C/v311-loopback.pcap $C/gap.pcap --drop 20
# Frame 37 (the middle of the 200 kB PUBLISH of connection 3) lost: a gap inside a packet.
R $C/v5-sll2-nano.pcap $C/gap-in-packet.pcap --drop 37
# The first 10 frames gone: connection 1 is seen from the middle (no SYN, no CONNECT).
R $C/v311-loopback.pcap $C/mid-connection.pcap --drop 1-10
# Other encapsulations and file byte orders, same traffic.
R $C/stateful-faults.pcap $C/vlan-big-endian.pcap --link vlan --big-endian
R $C/v311-loopback.pcap $C/bsd-null-nano.pcap --link null --nano
R $C/v311-sll.pcap $C/v311-sll-big-endian.pcap --big-endian
R $C/v311-loopback.pcap $C/raw-ip-big-endian-nano.pcap --link raw --big-endian --nano
# Cut short: the two-interface pcapng without its last 40 bytes (inside its last block).
size=$(stat -c %s $C/two-interfaces.pcapng)
head -c $((size - 40)) $C/two-interfaces.pcapng >$C/cut-short.pcapng
echo "cut-short.pcapng: $((size - 40)) of $size bytes"
