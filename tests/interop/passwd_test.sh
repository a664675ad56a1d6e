#!/bin/bash
# smbkit passwd writes Samba's smbpasswd format: Samba's pdbedit reads back the same user, uid
# and NT hash as from a file Samba's own smbpasswd wrote for the same password; and smbkit
# edits a file Samba wrote (disable, delete) so that pdbedit sees the change.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/samba.sh"
skip_unless_peer pdbedit smbpasswd
env=$(samba_nss)

d=$TMP/pw
mkdir -p "$d"/{private,lock,state,cache,pid}
conf() {  # conf NAME PASSDB-FILE
    cat >"$d/$1.conf" <<EOC
[global]
    private dir = $d/private
    lock directory = $d/lock
    state directory = $d/state
    cache directory = $d/cache
    pid directory = $d/pid
    log file = $d/log
    passdb backend = smbpasswd:$2
    smb passwd file = $2
EOC
}
conf smbkit "$d/smbkit.pw"
conf samba "$d/samba.pw"
conf cfg "$d/cfg/private/smbpasswd"

# nt_hash_of CONF USER: the NT hash pdbedit reports ("-L -w" prints smbpasswd lines).
nt_hash_of() { env $env pdbedit -s "$1" -L -w 2>/dev/null | awk -F: -v u="$2" '$1 == u { print $4 }'; }
line_of() { env $env pdbedit -s "$1" -L -w 2>/dev/null | awk -F: -v u="$2" '$1 == u'; }

# 1. smbkit adds the user (uid from the Unix user, as smbpasswd does).
out=$(printf '%s\n' "$SAMBA_PASS" | env $env "$SMBKIT" passwd -s -a peer --file "$d/smbkit.pw") ||
    fail "smbkit passwd -s -a failed"
[ "$out" = "Added user peer." ] || fail "unexpected output: $out"
[ "$(stat -c %a "$d/smbkit.pw")" = 600 ] || fail "smbpasswd file mode is $(stat -c %a "$d/smbkit.pw")"
grep -q "^peer:$SAMBA_UID:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[0-9A-F]\{32\}:\[U          \]:LCT-[0-9A-F]\{8\}:$" \
    "$d/smbkit.pw" || fail "line not in smbpasswd format: $(cat "$d/smbkit.pw")"
pass "smbkit passwd wrote $(cut -d: -f1-2 "$d/smbkit.pw")"

# 2. Samba's smbpasswd writes its own file for the same password.
: >"$d/samba.pw"
chmod 600 "$d/samba.pw"
printf '%s\n%s\n' "$SAMBA_PASS" "$SAMBA_PASS" |
    env $env smbpasswd -c "$d/samba.conf" -a -s peer >/dev/null || fail "smbpasswd -a failed"

ours=$(nt_hash_of "$d/smbkit.conf" peer)
theirs=$(nt_hash_of "$d/samba.conf" peer)
[ -n "$ours" ] || fail "pdbedit does not list peer from smbkit's file: $(env $env pdbedit -s "$d/smbkit.conf" -L 2>&1)"
[ "$ours" = "$theirs" ] || fail "NT hash differs: smbkit $ours, Samba $theirs"
line=$(line_of "$d/smbkit.conf" peer)
[ "$(echo "$line" | cut -d: -f2)" = "$SAMBA_UID" ] || fail "pdbedit uid: $line"
pass "pdbedit reads smbkit's user with Samba's NT hash $ours"

# 3. Changing the password changes the hash; the same password again gives the same hash.
printf 'other-Pw.8\n' | "$SMBKIT" passwd -s peer --file "$d/smbkit.pw" >/dev/null || fail "change failed"
[ "$(nt_hash_of "$d/smbkit.conf" peer)" != "$theirs" ] || fail "hash did not change"
printf '%s\n%s\n' "$SAMBA_PASS" "$SAMBA_PASS" | "$SMBKIT" passwd -s peer --file "$d/smbkit.pw" >/dev/null ||
    fail "change back failed"
[ "$(nt_hash_of "$d/smbkit.conf" peer)" = "$theirs" ] || fail "hash after change back differs"
if printf 'a\nb\n' | "$SMBKIT" passwd -s peer --file "$d/smbkit.pw" 2>/dev/null; then
    fail "mismatched passwords on stdin were accepted"
fi
pass "password change and mismatch detection"

# 4. smbkit edits Samba's file: disable, then enable, then delete; pdbedit follows.
"$SMBKIT" passwd -d peer --file "$d/samba.pw" >/dev/null || fail "disable failed"
line_of "$d/samba.conf" peer | grep -q ':\[[A-Z ]*D[A-Z ]*\]:' || fail "pdbedit does not see [D]: $(line_of "$d/samba.conf" peer)"
"$SMBKIT" passwd -e peer --file "$d/samba.pw" >/dev/null || fail "enable failed"
line_of "$d/samba.conf" peer | grep -q ':\[[A-Z ]*D[A-Z ]*\]:' && fail "still disabled"
[ "$(nt_hash_of "$d/samba.conf" peer)" = "$theirs" ] || fail "hash changed by enable/disable"
"$SMBKIT" passwd -x peer --file "$d/samba.pw" >/dev/null || fail "delete failed"
[ -z "$(line_of "$d/samba.conf" peer)" ] || fail "pdbedit still lists peer after -x"
pass "disable/enable/delete on Samba's file"

# 5. The file named by 'smb passwd file' of --config; its private dir is created 0700.
printf 'x-Pw.1\n' | "$SMBKIT" passwd -s -a someone --uid 3001 -c "$d/cfg.conf" >/dev/null ||
    fail "passwd -c failed"
grep -q '^someone:3001:' "$d/cfg/private/smbpasswd" || fail "-c did not write smb passwd file"
[ "$(stat -c %a "$d/cfg/private")" = 700 ] || fail "private dir mode $(stat -c %a "$d/cfg/private")"
pass "--config 'smb passwd file'"

# 6. Exit codes scripts rely on.
rc=0; "$SMBKIT" passwd -d nobody-here --file "$d/smbkit.pw" 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "unknown user: exit $rc, expected 1"
rc=0; printf 'p\n' | "$SMBKIT" passwd -s newbie --file "$d/smbkit.pw" 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "new user without -a: exit $rc, expected 1"
rc=0; "$SMBKIT" passwd -x -d peer --file "$d/smbkit.pw" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "conflicting flags: exit $rc, expected 2"
pass "exit codes"
