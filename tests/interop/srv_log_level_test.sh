#!/usr/bin/env bash
# smb.conf "log level" (a Samba number or a level name) sets how much `smbkit serve` logs, and
# the global --log-level flag wins over it. Driven by smbclient -L so the server has work to
# log.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbclient

ADDR=127.0.8.41
list_shares() {
    smbclient -L "//$ADDR" -U "$SMB_USER%$SMB_PASS" -m SMB3 >"$TMP/l" 2>&1 ||
        { cat "$TMP/l" >&2; fail "smbclient -L"; }
    grep -q "IPC\\$" "$TMP/l" || fail "no share list: $(cat "$TMP/l")"
}

# Samba's numbers: 10 is everything.
SMB_LOG_LEVEL=10 smb_start $ADDR
list_shares
smb_stop
grep -Eq " (debug|trace) " "$TMP/serve.log" ||
    fail "log level = 10 wrote no debug lines: $(head -c 2000 "$TMP/serve.log")"
pass "log level = 10 logs debug lines"

# The same configuration with --log-level warn on the command line: no debug lines.
"$SMBKIT" --log-level warn serve -s "$TMP/smb.conf" >"$TMP/serve.log" 2>&1 &
SMB_PID=$!
wait_for_port "$ADDR" 445
list_shares
smb_stop
if grep -Eq " (debug|trace|info) " "$TMP/serve.log"; then
    fail "--log-level warn did not win over log level = 10: $(head -c 2000 "$TMP/serve.log")"
fi
pass "--log-level wins over smb.conf"

# A level that names nothing is a configuration error with a clear message, not a default.
sed -i 's/^log level = .*/log level = loud/' "$TMP/smb.conf"
rc=0
"$SMBKIT" serve -s "$TMP/smb.conf" >"$TMP/bad.log" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "log level = loud: exit $rc, want 2 (usage): $(cat "$TMP/bad.log")"
grep -q "log level" "$TMP/bad.log" || fail "no message naming 'log level': $(cat "$TMP/bad.log")"
pass "log level = loud is refused with exit 2"
