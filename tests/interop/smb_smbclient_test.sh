#!/usr/bin/env bash
# smbclient (Samba 4.17) against `smbkit serve`: every dialect, signing and encryption, direct
# TCP (445) and NetBIOS session service (139), file operations, and the refusals (wrong
# password, guest on a non-guest share, unknown share, encryption-required share).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbclient
ADDR=127.0.3.1
smb_start $ADDR

PASSED=0
FAILED=0
check() {  # check NAME COMMAND... : runs, counts
    local name=$1
    shift
    if "$@" >"$TMP/out" 2>&1; then
        PASSED=$((PASSED + 1))
        pass "$name"
    else
        FAILED=$((FAILED + 1))
        echo "FAIL: $name" >&2
        sed 's/^/    /' "$TMP/out" >&2
    fi
}
sc() {  # sc PORT PROTO EXTRA... -c CMDS
    local port=$1 proto=$2
    shift 2
    timeout 60 smbclient "//$ADDR/share" -p "$port" -U "$SMB_USER%$SMB_PASS" -m "$proto" "$@"
}

head -c 300000 /dev/urandom >"$TMP/blob"
files_round_trip() {  # PORT PROTO [PROTECTION]
    local port=$1 proto=$2 prot=${3:-}
    local extra=()
    [ -n "$prot" ] && extra=(--client-protection="$prot")
    local d="dir_${port}_${proto}_${prot:-none}"
    rm -f "$TMP/back"
    sc "$port" "$proto" "${extra[@]}" -c "mkdir $d; cd $d; lcd $TMP; put blob; get blob back; \
        rename blob renamed; allinfo renamed; ls; del renamed; cd ..; rmdir $d" || return 1
    cmp "$TMP/blob" "$TMP/back" || return 1
    [ ! -e "$TMP/share/$d" ] || return 1
}

for port in 445 139; do
    for proto in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
        check "ls $proto port $port" sc $port $proto -c ls
        check "files $proto port $port" files_round_trip $port $proto
    done
done
for proto in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
    check "files $proto signed" files_round_trip 445 $proto sign
done
for proto in SMB3_00 SMB3_02 SMB3_11; do
    check "files $proto encrypted" files_round_trip 445 $proto encrypt
done

# The encryption-required share: refused in the clear, served when encrypted.
enc_refused() {
    ! timeout 30 smbclient "//$ADDR/enc" -U "$SMB_USER%$SMB_PASS" -m SMB2_10 -c ls >"$TMP/o" 2>&1 &&
        grep -q "NT_STATUS_ACCESS_DENIED" "$TMP/o"
}
check "encrypt-required share refuses SMB2.1" enc_refused
check "encrypt-required share over SMB3_11" timeout 30 smbclient "//$ADDR/enc" \
    -U "$SMB_USER%$SMB_PASS" -m SMB3_11 -c "lcd $TMP; put blob x; ls x"

# Read-only share: reads work, writes are refused.
check "read-only share get" timeout 30 smbclient "//$ADDR/ro" -U "$SMB_USER%$SMB_PASS" \
    -c "lcd $TMP; get readme.txt ro.txt"
ro_put_refused() {
    timeout 30 smbclient "//$ADDR/ro" -U "$SMB_USER%$SMB_PASS" -c "lcd $TMP; put blob" \
        >"$TMP/o" 2>&1 || true
    grep -q "NT_STATUS_ACCESS_DENIED\|NT_STATUS_MEDIA_WRITE_PROTECTED" "$TMP/o" &&
        [ ! -e "$TMP/ro/blob" ]
}
check "read-only share refuses put" ro_put_refused

expect_status() {  # STATUS smbclient-args...
    local want=$1
    shift
    timeout 30 smbclient "$@" >"$TMP/o" 2>&1 && return 1
    grep -q "$want" "$TMP/o"
}
check "wrong password" expect_status NT_STATUS_LOGON_FAILURE "//$ADDR/share" -U "$SMB_USER%nope" -c ls
check "unknown share" expect_status NT_STATUS_BAD_NETWORK_NAME "//$ADDR/nosuch" \
    -U "$SMB_USER%$SMB_PASS" -c ls
check "user not in valid users" expect_status NT_STATUS_ACCESS_DENIED "//$ADDR/bob" \
    -U "$SMB_USER%$SMB_PASS" -c ls
check "unknown user without map to guest" expect_status NT_STATUS_LOGON_FAILURE "//$ADDR/pub" \
    -U "mallory%x" -c ls
check "anonymous cannot reach a disk share" expect_status NT_STATUS_ACCESS_DENIED "//$ADDR/pub" \
    -N -c ls
check "share list" bash -c "timeout 30 smbclient -L //$ADDR -U '$SMB_USER%$SMB_PASS' \
    >'$TMP/l' 2>&1; grep -q 'share' '$TMP/l' && grep -q 'IPC\\$' '$TMP/l'"

smb_alive "after the smbclient runs"
echo "smbclient: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
