#!/usr/bin/env bash
# Our DCE/RPC answers as Wireshark's dissectors see them. test_rpc writes whole pipe
# exchanges (client PDUs and our responses, see tests/unit/rpc/conversations_test.cpp); each is
# wrapped in a pcap by text2pcap (as ncacn_ip_tcp on port 135, which tshark dissects with the
# same DCE/RPC, SRVSVC and WKSSVC dissectors as over SMB2 pipes) and dissected by tshark -V.
# Every server PDU must dissect without malformed-packet or warning/error expert items, and
# the fields each exchange names must show up with the values we sent.
source "$(dirname "$0")/lib.sh"

skip_unless_peer tshark text2pcap /usr/bin/python3
TEST_RPC="${SMBKIT_TEST_RPC:-$(dirname "$SMBKIT")/tests/test_rpc}"
[ -x "$TEST_RPC" ] || fail "unit test binary $TEST_RPC not built (ninja test_rpc)"

DUMP="$TMP/dump"
mkdir -p "$DUMP"
SMBKIT_RPC_DUMP_DIR="$DUMP" "$TEST_RPC" --gtest_filter='conversations.*' >"$TMP/gtest.log" 2>&1 ||
    { cat "$TMP/gtest.log" >&2; fail "test_rpc conversations failed"; }
count=$(ls "$DUMP" | wc -l)
[ "$count" -ge 30 ] || fail "only $count exchanges were written"

# to_pcap FILE PCAP [MANGLE]: client PDUs become 127.0.0.1:49152 -> 127.0.0.8:135, ours the
# reverse. MANGLE=truncate cuts 4 bytes off the stub of the last server PDU (a negative
# control: the checks below must catch it).
to_pcap() {
    /usr/bin/python3 - "$1" "$TMP/pdus.hex" "${3:-}" <<'PY'
import sys
src, dst, mangle = sys.argv[1], sys.argv[2], sys.argv[3]
pdus = []
for line in open(src):
    kind, _, rest = line.rstrip("\n").partition(" ")
    if kind in ("C", "S"):
        pdus.append((kind, bytearray.fromhex(rest)))
if mangle == "truncate":
    i = max(i for i, (k, _) in enumerate(pdus) if k == "S")
    b = pdus[i][1][:-4]
    b[8:10] = len(b).to_bytes(2, "little")
    pdus[i] = ("S", b)
out = []
for kind, b in pdus:
    out.append("O" if kind == "C" else "I")
    for i in range(0, len(b), 16):
        out.append("%06x %s" % (i, " ".join("%02x" % x for x in b[i:i + 16])))
open(dst, "w").write("\n".join(out) + "\n")
PY
    text2pcap -q -D -4 127.0.0.8,127.0.0.1 -T 135,49152 "$TMP/pdus.hex" "$2" >/dev/null 2>&1 ||
        fail "text2pcap failed on $1"
}

# analyse PCAP OUT: one tshark -V pass, written to OUT; prints "FRAMES n" (DCE/RPC PDUs
# in our frames) and one line per malformed packet or warning/error expert item in our
# (server) frames. "Bind not acknowledged" is the sequence note tshark attaches to every
# bind_nak.
analyse() {
    tshark -r "$1" -V >"$2" 2>/dev/null
    /usr/bin/python3 - "$2" <<'PY'
import re, sys
frames, cur = [], None
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("Frame "):
        cur = []
        frames.append(cur)
    if cur is not None:
        cur.append(line.rstrip("\n"))
server = [f for f in frames if any(re.match(r"\s+Source Port: 135$", l) for l in f)]
print("FRAMES", sum(1 for f in server for l in f
                    if l.startswith("Distributed Computing Environment")))
for f in server:
    for l in f:
        if re.search(r"Malformed|Expert Info \((Warning|Error)", l) and \
                "Bind not acknowledged" not in l:
            print(f[0].split(":")[0], l.strip())
PY
}

failures=0
for f in "$DUMP"/*.txt; do
    name=$(basename "$f" .txt)
    to_pcap "$f" "$TMP/$name.pcap"
    report=$(analyse "$TMP/$name.pcap" "$TMP/$name.txt")
    frames=$(echo "$report" | sed -n 's/^FRAMES //p')
    bad=$(echo "$report" | grep -v '^FRAMES ' || true)
    servers=$(grep -c '^S ' "$f" || true)
    if [ "$frames" != "$servers" ]; then
        echo "FAIL $name: tshark saw $frames DCE/RPC server PDUs, expected $servers" >&2
        failures=$((failures + 1))
        continue
    fi
    if [ -n "$bad" ]; then
        echo "FAIL $name: $bad" >&2
        failures=$((failures + 1))
        continue
    fi
    while IFS= read -r want; do
        if ! grep -qF -- "$want" "$TMP/$name.txt"; then
            echo "FAIL $name: tshark does not show '$want'" >&2
            failures=$((failures + 1))
        fi
    done < <(grep '^E ' "$f" | cut -c3-)
    pass "$name ($servers server PDUs)"
done

# Negative control: a response cut short must be reported, or the checks above prove nothing.
to_pcap "$DUMP/srvsvc_smbclient_enum.txt" "$TMP/mangled.pcap" truncate
# (The report is taken whole before grep reads it: `grep -q` in a pipe may exit before the
# analysis has written everything, and pipefail would then count its broken pipe as failure.)
mangled=$(analyse "$TMP/mangled.pcap" "$TMP/mangled.txt")
echo "$mangled" | grep -v '^FRAMES ' >/dev/null ||
    fail "tshark did not flag a truncated response: $mangled"
pass "negative control: truncated response flagged"

[ "$failures" -eq 0 ] || fail "$failures exchanges did not dissect cleanly"
pass "$count exchanges dissected cleanly by $(tshark -v 2>/dev/null | head -1)"
