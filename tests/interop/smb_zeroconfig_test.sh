#!/usr/bin/env bash
# `smbkit serve DIR`: the banner names a user and a fresh password that smbclient can log on
# with; `--guest` lets smbclient -N in; SIGTERM ends the server.
source "$(dirname "$0")/lib.sh"
skip_unless_peer smbclient
ADDR=127.0.3.5
mkdir -p "$TMP/dir" "$TMP/state"
echo hello >"$TMP/dir/hello.txt"
common=(--option "interfaces = $ADDR" --option "bind interfaces only = yes"
        --option "disable netbios = yes" --option "smb ports = 14450"
        --option "state directory = $TMP/state")

"$SMBKIT" serve "$TMP/dir" "${common[@]}" >"$TMP/banner" 2>"$TMP/log" &
PID=$!
add_cleanup "kill $PID 2>/dev/null || true"
wait_for_port $ADDR 14450
for i in $(seq 1 50); do grep -q "password:" "$TMP/banner" && break; sleep 0.1; done
user=$(sed -n 's/.*user: \([^ ]*\) .*/\1/p' "$TMP/banner")
pw=$(sed -n 's/.*password: \([^ ]*\) .*/\1/p' "$TMP/banner")
[ -n "$user" ] && [ -n "$pw" ] || { cat "$TMP/banner" "$TMP/log" >&2; fail "no user/password on the banner"; }
grep -q "smbclient //$ADDR/share -p 14450" "$TMP/banner" || fail "banner lacks the smbclient line"
timeout 30 smbclient //$ADDR/share -p 14450 -U "$user%$pw" -c "get hello.txt $TMP/back" >/dev/null 2>&1 ||
    fail "logon with the banner's password failed"
cmp "$TMP/dir/hello.txt" "$TMP/back" || fail "file differs"
timeout 30 smbclient //$ADDR/share -p 14450 -U "$user%wrong" -c ls >"$TMP/o" 2>&1 && fail "wrong password accepted"
grep -q NT_STATUS_LOGON_FAILURE "$TMP/o" || fail "wrong password: $(cat "$TMP/o")"
kill -TERM $PID
for i in $(seq 1 50); do kill -0 $PID 2>/dev/null || break; sleep 0.1; done
kill -0 $PID 2>/dev/null && fail "server ignored SIGTERM"
pass "zero-config user share"

"$SMBKIT" serve "$TMP/dir" --guest "${common[@]}" >"$TMP/banner2" 2>"$TMP/log2" &
PID2=$!
add_cleanup "kill $PID2 2>/dev/null || true"
wait_for_port $ADDR 14450
timeout 30 smbclient //$ADDR/share -p 14450 -N -c ls >"$TMP/o" 2>&1 || { cat "$TMP/o" >&2; fail "guest ls failed"; }
grep -q hello.txt "$TMP/o" || fail "guest listing lacks hello.txt"
pass "zero-config guest share"
echo "zeroconfig: 2 passed, 0 failed"
