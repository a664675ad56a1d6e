#!/usr/bin/env bash
# The name service of `smbkit serve` against real clients: nmblookup (unicast, group,
# broadcast, node status), nbtscan, nmap's nbstat script, and tshark's dissector.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/nbns_server_lib.sh"
skip_unless_peer nmblookup nbtscan nmap tshark

start_capture "$TMP/responder.pcapng" "udp port 137 and host 127.0.2.5"
LOG="$TMP/serve.log"
start_smbkit KIT5 127.0.2.5 "$LOG"

wait_resolves 127.0.2.5 KIT5 127.0.2.5 || fail "KIT5 never resolved"
pass "nmblookup -U 127.0.2.5 --recursion KIT5"

out=$(nmb -U 127.0.2.5 KITWG#00)
grep -q "^127.0.2.5 KITWG<00>" <<<"$out" || fail "group KITWG<00>: $out"
pass "nmblookup -U 127.0.2.5 KITWG#00"

out=$(nmb -U 127.0.2.5 NOSUCHNAME)
grep -q "name_query failed to find name NOSUCHNAME" <<<"$out" || fail "unknown name: $out"
pass "unknown name: negative answer"

out=$(nmb -A 127.0.2.5)
echo "$out"
for want in "KIT5 *<00> - *B <ACTIVE>" "KIT5 *<03> - *B <ACTIVE>" "KIT5 *<20> - *B <ACTIVE>" \
            "KITWG *<00> - <GROUP> B <ACTIVE>" "KITWG *<1e> - <GROUP> B <ACTIVE>" \
            "MAC Address = 00-00-00-00-00-00"; do
    grep -Eq "$want" <<<"$out" || fail "nmblookup -A lacks '$want'"
done
grep -q "<PERMANENT>" <<<"$out" || fail "nmblookup -A: no permanent name"
pass "nmblookup -A 127.0.2.5: every name and type"

# Loopback broadcast: 127.255.255.255 is lo's broadcast route; our socket bound to it hears
# it and we answer by unicast.
out=$(nmb -B 127.255.255.255 KIT5)
grep -q "^127.0.2.5 KIT5<00>" <<<"$out" || fail "broadcast query: $out"
pass "nmblookup -B 127.255.255.255 KIT5"

out=$(nbtscan -v 127.0.2.5)
echo "$out"
grep -Eq "KIT5 +<00> +UNIQUE" <<<"$out" || fail "nbtscan -v: no KIT5<00>"
grep -Eq "KITWG +<1e> +GROUP" <<<"$out" || fail "nbtscan -v: no KITWG<1e>"
pass "nbtscan -v 127.0.2.5"
out=$(nbtscan 127.0.2.1-10)
echo "$out"
grep -Eq "^127\.0\.2\.5 +KIT5 " <<<"$out" || fail "nbtscan range: no 127.0.2.5 KIT5"
pass "nbtscan 127.0.2.1-10"

out=$(nmap -n -Pn -sU -p137 -v --script nbstat 127.0.2.5)
echo "$out" | sed -n '/nbstat/,/^$/p'
grep -q "NetBIOS name: KIT5" <<<"$out" || fail "nmap nbstat: no NetBIOS name"
grep -q "KITWG<00>" <<<"$out" || fail "nmap nbstat: no workgroup"
pass "nmap --script nbstat"

# Registration on the wire: three broadcasts of each name, 250 ms apart.
kill -TERM "$SMBKIT_PID"
wait "$SMBKIT_PID" || fail "smbkit serve exited with $? on SIGTERM"
stop_capture
regs=$(tshark -r "$CAPTURE" -Y 'nbns.flags.opcode == 5 && ip.src == 127.0.2.5 && ip.dst == 127.255.255.255' 2>/dev/null | wc -l)
[ "$regs" -eq 15 ] || fail "expected 15 registration broadcasts (5 names x 3), saw $regs"
pass "15 registration broadcasts"
rels=$(tshark -r "$CAPTURE" -Y 'nbns.flags.opcode == 6 && ip.src == 127.0.2.5' 2>/dev/null | wc -l)
[ "$rels" -eq 5 ] || fail "expected 5 release broadcasts on shutdown, saw $rels"
pass "names released on SIGTERM"
check_capture
