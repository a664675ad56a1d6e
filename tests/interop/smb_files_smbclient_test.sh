#!/usr/bin/env bash
# File operations through smbclient against smbkit serve: put/get round-trip of bytes and
# names, ls, mkdir/rmdir, rename, del, allinfo, setmode, and path-escape attempts.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbclient

ADDR=127.0.4.1
smb_start "$ADDR"

sc() { smbclient "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" -m SMB3 -c "$1" 2>&1; }

cd "$TMP"
head -c 3000000 /dev/urandom >big.bin
printf 'hello\n' >"small file.txt"
printf 'ünïcödé\n' >"naïve-ü.txt"

out=$(sc 'put big.bin; put "small file.txt"; put naïve-ü.txt; mkdir sub; ls') || { echo "$out"; fail "put/mkdir/ls"; }
smb_alive "put"
cmp -s big.bin "$TMP/share/big.bin" || fail "big.bin differs on the server"
cmp -s "small file.txt" "$TMP/share/small file.txt" || fail "name with a space"
[ -f "$TMP/share/naïve-ü.txt" ] || fail "UTF-8 name did not round-trip"
[ -d "$TMP/share/sub" ] || fail "mkdir"
echo "$out" | grep -q "big.bin" || fail "ls lacks big.bin: $out"
echo "$out" | grep -q "naïve-ü.txt" || fail "ls lacks the UTF-8 name"
pass "put, mkdir, ls"

mkdir -p got
out=$(sc 'lcd got; get big.bin; get naïve-ü.txt') || { echo "$out"; fail "get"; }
cmp -s big.bin got/big.bin || fail "get big.bin differs"
cmp -s naïve-ü.txt got/naïve-ü.txt || fail "get UTF-8 name differs"
pass "get"

out=$(sc 'rename "small file.txt" sub\moved.txt; allinfo sub\moved.txt') || { echo "$out"; fail "rename/allinfo"; }
[ -f "$TMP/share/sub/moved.txt" ] || fail "rename"
echo "$out" | grep -q "size: *6\|stream: \[::\$DATA\], 6 bytes" || fail "allinfo size: $out"
pass "rename, allinfo"

out=$(sc 'setmode sub\moved.txt +h; allinfo sub\moved.txt') || { echo "$out"; fail "setmode"; }
echo "$out" | grep -qi "attributes: .*H" || fail "setmode +h not shown: $out"
pass "setmode"

out=$(sc 'del sub\moved.txt; rmdir sub; ls')
[ ! -e "$TMP/share/sub" ] || fail "del/rmdir left files: $out"
pass "del, rmdir"

# Nothing outside the share is reachable.
echo secret >"$TMP/outside.txt"
ln -s "$TMP" "$TMP/share/link-out"
for p in '..\outside.txt' 'link-out\outside.txt' '..\..\etc\passwd'; do
    rm -f got/outside.txt got/passwd
    sc "lcd got; get \"$p\"" >/dev/null || true
    [ ! -s got/outside.txt ] && [ ! -s got/passwd ] || fail "escaped the share with $p"
done
pass "path escapes refused"

# Read-only share: reads work, writes are refused.
out=$(smbclient "//$ADDR/ro" -U "$SMB_USER%$SMB_PASS" -m SMB3 -c 'lcd got; get readme.txt; put big.bin' 2>&1 || true)
cmp -s "$TMP/ro/readme.txt" got/readme.txt || fail "get from ro"
[ ! -e "$TMP/ro/big.bin" ] || fail "put on a read-only share succeeded"
echo "$out" | grep -q "NT_STATUS_ACCESS_DENIED" || fail "ro put error: $out"
pass "read-only share"
smb_alive "end"
