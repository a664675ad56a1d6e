#!/usr/bin/env bash
# nmap's SMB2 scripts and smbmap against `smbkit serve`.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer nmap smbmap
ADDR=127.0.3.3
smb_start $ADDR

nmap -Pn -n -p 445 --script smb-protocols,smb2-security-mode,smb2-capabilities $ADDR \
    >"$TMP/nmap.txt" 2>&1 || { cat "$TMP/nmap.txt" >&2; fail "nmap failed"; }
for want in 202 210 300 302 311; do
    # nmap prints "202" or "2:0:2" depending on its version.
    grep -qE "(^|[^0-9:])($want|${want:0:1}:${want:1:1}:${want:2:1})([^0-9:]|$)" "$TMP/nmap.txt" || { cat "$TMP/nmap.txt" >&2; fail "nmap: no dialect $want"; }
done
grep -q "Message signing enabled and required" "$TMP/nmap.txt" ||
    { cat "$TMP/nmap.txt" >&2; fail "nmap: signing not reported as required"; }
grep -qi "Leasing\|Multi-credit\|Encryption" "$TMP/nmap.txt" ||
    { cat "$TMP/nmap.txt" >&2; fail "nmap: no capabilities"; }
pass "nmap smb-protocols, smb2-security-mode, smb2-capabilities"

timeout 120 smbmap -H $ADDR -u "$SMB_USER" -p "$SMB_PASS" >"$TMP/smbmap.txt" 2>&1 || true
grep -q "share" "$TMP/smbmap.txt" && grep -q "READ, WRITE\|READ ONLY" "$TMP/smbmap.txt" ||
    { cat "$TMP/smbmap.txt" >&2; fail "smbmap did not list the shares"; }
pass "smbmap lists the shares with access"
smb_alive "after the scanners"
echo "scanners: 2 passed, 0 failed"
