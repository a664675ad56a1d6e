#!/usr/bin/env bash
# NT ACLs on `smbkit serve`, set and read back by Samba's smbcacls (smbclient package): the
# owner of a new file is the user who made it, added ACEs are stored (xattr user.smbkit.ntacl)
# and returned, a DENY ACE is enforced on the next open, inheritable ACEs of a directory pass
# to what is created in it, and a SACL cannot be set without the privilege.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbclient smbcacls

ADDR=127.0.3.51
smb_start $ADDR
ALICE_SID=S-1-22-1-1000

cacls() { smbcacls "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" --numeric "$@" 2>&1; }
cli() { smbclient "//$ADDR/share" -U "$SMB_USER%$SMB_PASS" -c "$1" 2>&1; }

echo "hello acl" >"$TMP/src.txt"
cli "put $TMP/src.txt acl.txt" >/dev/null || fail "put"

out=$(cacls acl.txt) || fail "smbcacls get: $out"
echo "$out" | grep -q "^OWNER:$ALICE_SID\$" || fail "owner of a new file is not alice: $out"
echo "$out" | grep -q "^ACL:$ALICE_SID:0/" || fail "no ACE for the creator: $out"
pass "a new file belongs to the user who created it"

out=$(cacls acl.txt -a "ACL:S-1-5-11:ALLOWED/0x0/READ") || fail "smbcacls add: $out"
out=$(cacls acl.txt)
echo "$out" | grep -q "^ACL:S-1-5-11:0/0x0/0x001200a9\$" || fail "added ACE not returned: $out"
/usr/bin/python3 -c 'import os,sys; v=os.getxattr(sys.argv[1], "user.smbkit.ntacl"); sys.exit(0 if v[0]==1 and v[1]==1 else 1)' \
    "$TMP/share/acl.txt" || fail "descriptor not stored in user.smbkit.ntacl"
pass "an added ACE is stored and returned"

# A DENY of FILE_READ_DATA to the owner, first in the DACL: the next read is refused.
out=$(cacls acl.txt -a "ACL:$ALICE_SID:DENIED/0x0/0x00000001") || fail "smbcacls deny: $out"
out=$(cli "get acl.txt $TMP/got.txt") && fail "read allowed despite DENY: $out"
echo "$out" | grep -q "NT_STATUS_ACCESS_DENIED" || fail "read allowed despite DENY: $out"
out=$(cacls acl.txt -D "ACL:$ALICE_SID:DENIED/0x0/0x00000001") || fail "smbcacls delete: $out"
cli "get acl.txt $TMP/got.txt" >/dev/null && cmp -s "$TMP/src.txt" "$TMP/got.txt" ||
    fail "read still refused after the DENY ACE was removed"
pass "a DENY ACE is enforced and can be taken away again"

# Inheritance: OI|CI ACE on a directory reaches a file created in it, flagged inherited.
cli "mkdir dir" >/dev/null || fail "mkdir"
out=$(cacls dir -a "ACL:S-1-5-32-545:ALLOWED/0x3/READ") || fail "smbcacls add on dir: $out"
cli "put $TMP/src.txt dir\\inner.txt" >/dev/null || fail "put into dir"
out=$(cacls 'dir\inner.txt')
echo "$out" | grep -q "^ACL:S-1-5-32-545:0/0x10/0x001200a9\$" || fail "ACE not inherited: $out"
echo "$out" | grep -q "^OWNER:$ALICE_SID\$" || fail "inherited file owner: $out"
pass "inheritable ACEs of a directory pass to new files"

# A rename needs ADD_FILE on the directory it puts the name in: a directory whose DACL gives
# alice only READ refuses it, the share root (no stored ACL) does not.
cli "mkdir ro" >/dev/null || fail "mkdir ro"
out=$(cacls ro -S "REVISION:1,OWNER:$ALICE_SID,GROUP:S-1-5-32-545,ACL:$ALICE_SID:ALLOWED/0x3/READ") || fail "smbcacls set on ro: $out"
cli "put $TMP/src.txt moved.txt" >/dev/null || fail "put moved.txt"
out=$(cli "rename moved.txt ro\\moved.txt" || true)
echo "$out" | grep -q "NT_STATUS_ACCESS_DENIED" || fail "rename into a directory without ADD_FILE: $out"
[ -e "$TMP/share/moved.txt" ] && [ ! -e "$TMP/share/ro/moved.txt" ] || fail "the file moved anyway"
out=$(cli "rename moved.txt still.txt") || fail "rename in the share root: $out"
[ -e "$TMP/share/still.txt" ] || fail "rename in the share root did not happen"
pass "a rename needs ADD_FILE on the target directory"

out=$(cacls acl.txt --sacl -a "ACL:S-1-1-0:AUDIT/0x80/FULL" 2>&1) &&
    fail "SACL set without the privilege: $out"
pass "a SACL needs a privilege the user does not hold"
smb_alive "at the end"
