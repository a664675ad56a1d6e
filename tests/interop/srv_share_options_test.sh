#!/usr/bin/env bash
# smb.conf name-handling share options seen through smbclient: "veto files" (not listed, not
# openable, not creatable, also as a directory on the way), "hide files" and "hide dot files"
# (the H attribute in ls and allinfo), "follow symlinks = no" (every symlink refused, while the
# default share follows links that stay inside it) and "case sensitive". smbtorture's
# smb2.dosmode checks "hide files" and "hide dot files" from its side.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbclient smbtorture

ADDR=127.0.8.11
mkdir -p "$TMP/opts/private" "$TMP/opts/realdir" "$TMP/cs" "$TMP/dosmode"
echo plain >"$TMP/opts/plain.txt"
echo secret >"$TMP/opts/a.secret"
echo inner >"$TMP/opts/private/inner.txt"
echo inner >"$TMP/opts/realdir/inner.txt"
echo log >"$TMP/opts/app.log"
echo dot >"$TMP/opts/.profile"
ln -s plain.txt "$TMP/opts/link.txt"
ln -s realdir "$TMP/opts/linkdir"
echo Mixed >"$TMP/cs/Mixed.txt"
# The default [share] follows symlinks that stay inside it.
mkdir -p "$TMP/share/realdir"
echo plain >"$TMP/share/plain.txt"
echo inner >"$TMP/share/realdir/inner.txt"
ln -s plain.txt "$TMP/share/link.txt"
ln -s realdir "$TMP/share/linkdir"

smb_start $ADDR \
    "[opts]" "path = $TMP/opts" "read only = no" "veto files = /*.secret/private/" \
    "hide files = /*.log/" "hide dot files = yes" "follow symlinks = no" \
    "[cs]" "path = $TMP/cs" "read only = no" "case sensitive = yes" \
    "[dosmode]" "path = $TMP/dosmode" "read only = no" "hide files = /hidefile/"

sc() {
    local share=$1
    shift
    smbclient "//$ADDR/$share" -U "$SMB_USER%$SMB_PASS" -m SMB3 -c "$1" 2>&1
}
mkdir -p "$TMP/got"
cd "$TMP/got"

# veto files
out=$(sc opts 'ls') || { echo "$out" >&2; fail "ls on opts"; }
echo "$out" | grep -q "plain.txt" || fail "ls lacks plain.txt: $out"
echo "$out" | grep -q "a.secret" && fail "vetoed a.secret is listed: $out"
echo "$out" | grep -qw "private" && fail "vetoed directory is listed: $out"
out=$(sc opts 'get a.secret' || true)
echo "$out" | grep -q "NT_STATUS_OBJECT_NAME_NOT_FOUND" || fail "get of a vetoed file: $out"
[ ! -e a.secret ] || fail "a vetoed file was read"
out=$(sc opts 'get A.SECRET' || true)
echo "$out" | grep -q "NT_STATUS_OBJECT_NAME_NOT_FOUND" || fail "get of a vetoed file in upper case: $out"
out=$(sc opts 'get private\inner.txt inner.txt' || true)
echo "$out" | grep -q "NT_STATUS_OBJECT_PATH_NOT_FOUND" || fail "get beneath a vetoed directory: $out"
echo new >new.secret
out=$(sc opts 'put new.secret' || true)
[ ! -e "$TMP/opts/new.secret" ] || fail "a vetoed name was created: $out"
out=$(sc opts 'rename plain.txt renamed.secret' || true)
[ -e "$TMP/opts/plain.txt" ] && [ ! -e "$TMP/opts/renamed.secret" ] ||
    fail "renamed to a vetoed name: $out"
smb_alive "veto"
pass "veto files: not listed, not opened, not created, not renamed to"

# hide files / hide dot files
out=$(sc opts 'ls') || fail "ls"
echo "$out" | grep -E '^ +app\.log +[A-Z]*H' >/dev/null || fail "app.log not shown hidden: $out"
echo "$out" | grep -E '^ +\.profile +[A-Z]*H' >/dev/null || fail ".profile not shown hidden: $out"
echo "$out" | grep -E '^ +plain\.txt +[A-Z]*H' >/dev/null && fail "plain.txt shown hidden: $out"
out=$(sc opts 'allinfo app.log') || fail "allinfo app.log"
echo "$out" | grep -qi "attributes: .*H" || fail "allinfo app.log lacks H: $out"
out=$(sc share 'allinfo plain.txt') || fail "allinfo plain.txt"
echo "$out" | grep -qi "attributes: .*H" && fail "plain.txt is hidden: $out"
pass "hide files and hide dot files show H"

# follow symlinks = no refuses every link; the default share follows links inside it.
rm -f link.txt inner.txt
out=$(sc opts 'get link.txt' || true)
[ ! -e link.txt ] || fail "followed a symlink with follow symlinks = no: $out"
out=$(sc opts 'get linkdir\inner.txt inner.txt' || true)
[ ! -e inner.txt ] || fail "followed a directory symlink with follow symlinks = no: $out"
out=$(sc opts 'get realdir\inner.txt inner.txt') || fail "plain path on opts: $out"
[ "$(cat inner.txt)" = inner ] || fail "get realdir\inner.txt on opts"
rm -f inner.txt
out=$(sc share 'get link.txt; get linkdir\inner.txt inner.txt') || fail "symlinks on share: $out"
[ "$(cat link.txt)" = plain ] && [ "$(cat inner.txt)" = inner ] || fail "share did not follow links"
pass "follow symlinks = no refuses links; default follows links inside the share"

# case sensitive = yes: only the exact spelling; the default share takes any case.
rm -f Mixed.txt mixed.txt PLAIN.TXT
out=$(sc cs 'get mixed.txt' || true)
echo "$out" | grep -q "NT_STATUS_OBJECT_NAME_NOT_FOUND" || fail "case sensitive share matched another case: $out"
out=$(sc cs 'get Mixed.txt') || fail "exact case on the case sensitive share: $out"
out=$(sc opts 'get PLAIN.TXT') || fail "other case on a case-insensitive share: $out"
[ "$(cat PLAIN.TXT)" = plain ] || fail "got the wrong file"
pass "case sensitive"

rc=0
timeout 120 smbtorture "//$ADDR/dosmode" -U "$SMB_USER%$SMB_PASS" smb2.dosmode </dev/null \
    >"$TMP/torture.out" 2>&1 || rc=$?
if [ "$rc" -ne 0 ] || ! grep -q "^success: dosmode" "$TMP/torture.out"; then
    cat "$TMP/torture.out" >&2
    fail "smbtorture smb2.dosmode"
fi
pass "smbtorture smb2.dosmode (hide files, hide dot files)"
smb_alive "at the end"
