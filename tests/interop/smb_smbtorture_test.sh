#!/usr/bin/env bash
# Runs every smbtorture test listed in smbtorture.list against `smbkit serve`, prints how many
# pass, and fails if any listed one fails or skips. The list holds only tests that pass; it only grows.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbtorture
ADDR=127.0.3.4
# Short names in listings, as Samba's own test environment serves them (smb2.dir.one).
smb_start $ADDR "mangled names = yes"

LIST="$(dirname "$0")/smbtorture.list"
PASSED=0
FAILED=0
while read -r t; do
    t=${t%%#*}
    t=$(echo "$t" | tr -d '[:space:]')
    [ -z "$t" ] && continue
    rc=0
    timeout 300 smbtorture "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" "$t" >"$TMP/t.out" 2>&1 || rc=$?
    # A test that skips (smbtorture exits 0 when the server lacks a feature) is no pass.
    if [ "$rc" -eq 0 ] && ! grep -q '^failure\|^error\|^skip' "$TMP/t.out"; then
        PASSED=$((PASSED + 1))
        pass "$t"
    else
        FAILED=$((FAILED + 1))
        echo "FAIL: $t (exit $rc)" >&2
        tail -20 "$TMP/t.out" >&2
    fi
    smb_alive "after $t"
done <"$LIST"
echo "smbtorture: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
