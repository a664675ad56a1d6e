# smbkit audit against private Samba servers set up differently: its findings match each
# configuration, and agree with nmap's smb-protocols / smb2-security-mode on the same host.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/samba.sh"
skip_unless_peer smbd nmap

# A: SMB1 on, signing not required, a guest share anyone can write, anonymous listing.
samba_start auda 127.0.5.11 445 "server min protocol = NT1
    server signing = auto
    map to guest = bad user
    restrict anonymous = 0
    guest account = nobody" "[public]
    path = $TMP/pub
    read only = no
    guest ok = yes"
mkdir -p "$TMP/pub" && chmod 777 "$TMP/pub"
# B: SMB2+ only, signing mandatory, no guest.
samba_start audb 127.0.5.12 445 "server min protocol = SMB2_02
    server signing = mandatory
    restrict anonymous = 2"

audit() { "$SMBKIT" audit "$1" --smb-port 445 --nbss-port 4139 --nbns-port 4137 --nbds-port 4138 -t 3 --json "${@:2}"; }

rc=0; audit 127.0.5.11 >"$TMP/a.json" || rc=$?
[ "$rc" -eq 1 ] || fail "audit A: exit $rc, want 1 (findings)"
/usr/bin/python3 - "$TMP/a.json" <<'PY' || fail "audit A findings: $(cat "$TMP/a.json")"
import json, sys
h = json.load(open(sys.argv[1]))[0]
ids = {f["id"]: f["severity"] for f in h["findings"]}
smb = h["smb"]
assert smb["smb1"] and "SMB1" in smb["dialects"], smb
assert "3.1.1" in smb["dialects"] and "2.0.2" in smb["dialects"], smb
assert ids.get("smb1-enabled") == "HIGH", ids
assert ids.get("signing-not-required") == "MEDIUM", ids
assert not smb["signing_required"]
assert ids.get("guest-logon") == "MEDIUM", ids
assert ids.get("guest-writable-share") == "HIGH", ids
assert "smb-exposed" not in ids  # loopback is LAN
assert h["worst"] == "HIGH"
guest = [l for l in h["logons"] if l["identity"] == "guest"][0]
pub = [s for s in guest["shares"] if s["name"] == "public"][0]
assert pub["writable"] and pub["readable"], pub
PY
ls -A "$TMP/pub" | grep -q . && fail "the write test left a file behind: $(ls -A "$TMP/pub")"
pass "audit A: SMB1, signing optional, guest-writable share"

rc=0; audit 127.0.5.12 >"$TMP/b.json" || rc=$?
/usr/bin/python3 - "$TMP/b.json" <<'PY' || fail "audit B findings: $(cat "$TMP/b.json")"
import json, sys
h = json.load(open(sys.argv[1]))[0]
ids = {f["id"]: f["severity"] for f in h["findings"]}
smb = h["smb"]
assert not smb["smb1"] and "SMB1" not in smb["dialects"], smb
assert smb["signing_required"], smb
assert "smb1-enabled" not in ids and "signing-not-required" not in ids, ids
assert "guest-logon" not in ids and "guest-writable-share" not in ids, ids
assert "AES-128-GCM" in smb["ciphers"] and "AES-128-CCM" in smb["ciphers"], smb
assert smb["preauth_integrity"]
PY
pass "audit B: SMB2+ only, signing required, no guest"

# --internet-facing makes the same open port a HIGH finding with the seed's reasoning.
rc=0; audit 127.0.5.12 --internet-facing >"$TMP/c.json" || rc=$?
[ "$rc" -eq 1 ] || fail "internet-facing: exit $rc, want 1"
grep -q '"smb-exposed"' "$TMP/c.json" || fail "internet-facing: no smb-exposed finding"
pass "internet-facing grading"

# nmap agrees on the dialects and the signing mode.
for host in 127.0.5.11 127.0.5.12; do
    nmap -Pn -p 445 --script smb-protocols,smb2-security-mode "$host" >"$TMP/nmap-$host.txt" 2>&1 || true
    f=$TMP/a.json; [ "$host" = 127.0.5.12 ] && f=$TMP/b.json
    /usr/bin/python3 - "$f" "$TMP/nmap-$host.txt" <<'PY' || fail "nmap disagrees on $host: $(cat "$TMP/nmap-$host.txt")"
import json, re, sys
h = json.load(open(sys.argv[1]))[0]
nm = open(sys.argv[2]).read()
ours = set(h["smb"]["dialects"])
theirs = set()
names = {"202": "2.0.2", "210": "2.1", "300": "3.0", "302": "3.0.2", "311": "3.1.1"}
block = nm.split("smb-protocols", 1)[1].split("smb2-security-mode", 1)[0]
for d in re.findall(r"^\|_?\s+(NT LM 0\.12|202|210|300|302|311|2\.0\.2|2\.1|3\.0\.2|3\.0|3\.1\.1)\b", block, re.M):
    theirs.add("SMB1" if d.startswith("NT LM") else names.get(d, d))
assert theirs and theirs == ours, (ours, theirs)
mode = nm.split("smb2-security-mode", 1)[1]
required = "enabled and required" in mode
assert required == h["smb"]["signing_required"], (required, h["smb"]["signing_required"])
PY
done
pass "nmap agrees"

# Nothing listening, a port that accepts and never answers, and garbage: clean findings in time.
/usr/bin/python3 - <<'PY' &
import socket, threading, time
def silent():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.5.21", 4452)); s.listen(16)
    conns = []
    end = time.time() + 60
    s.settimeout(1)
    while time.time() < end:
        try: conns.append(s.accept()[0])
        except socket.timeout: pass
def garbage():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.5.22", 4452)); s.listen(16)
    end = time.time() + 60
    s.settimeout(1)
    while time.time() < end:
        try:
            c = s.accept()[0]
            c.sendall(b"\x00\x00\x00\x10" + b"\xfeSMB" + b"\xff" * 12 + b"HTTP/1.0 200 OK\r\n\r\n" * 50)
            c.close()
        except socket.timeout: pass
        except OSError: pass
threading.Thread(target=silent, daemon=True).start()
threading.Thread(target=garbage, daemon=True).start()
time.sleep(60)
PY
helper=$!
add_cleanup "kill $helper 2>/dev/null"
sleep 1
for host in 127.0.5.20 127.0.5.21 127.0.5.22; do
    rc=0; timeout 60 "$SMBKIT" audit "$host" --smb-port 4452 --nbss-port 4139 --nbns-port 4137 --nbds-port 4138 -t 2 --json >"$TMP/x-$host.json" || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "audit $host: exit $rc (crash or hang?)"
    /usr/bin/python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))[0]; assert not h["smb"]["smb1"] and h["smb"]["dialects"]==[], h' "$TMP/x-$host.json" ||
        fail "audit $host: $(cat "$TMP/x-$host.json")"
done
grep -q '"closed"' "$TMP/x-127.0.5.20.json" || fail "nothing listening should read closed"
grep -q '"open"' "$TMP/x-127.0.5.21.json" || fail "the silent port is open"
pass "dead, silent and garbage hosts give clean findings"
