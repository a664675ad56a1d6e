# smbkit get -r / put -r against a private Samba smbd and against `smbkit serve`: nested and
# empty folders, a file of a few MB, names with spaces and non-ASCII letters; the copies equal
# the source (diff -r), smbclient sees the same tree, times are kept with -p, local links are
# skipped (or followed with -L), a partly failed copy goes on and exits with the right code,
# and a whole recursive copy (and rm of several paths) uses one TCP connection.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/samba.sh"
source "$(dirname "$0")/smb_lib.sh"
skip_unless_peer smbclient smbd tshark

SAMBA_ADDR=127.0.9.2
KIT_ADDR=127.0.9.3

make_tree() {
    local d=$1
    mkdir -p "$d/nested/deeper/deepest" "$d/nested/deeper/empty inside" "$d/empty" \
        "$d/with space" "$d/ünïcödé 日本"
    head -c 3145739 /dev/urandom >"$d/nested/big.bin"
    printf 'top\n' >"$d/top.txt"
    : >"$d/zero length.bin"
    printf 'spaced\n' >"$d/with space/a file.txt"
    printf 'unicode\n' >"$d/ünïcödé 日本/файл €.txt"
    printf 'leaf\n' >"$d/nested/deeper/deepest/leaf.txt"
    head -c 70000 /dev/urandom >"$d/nested/deeper/mid.bin"
    touch -d '2011-02-03 04:05:06' "$d/top.txt" "$d/nested/big.bin"
    touch -d '2012-03-04 05:06:07' "$d/nested"
}
make_tree "$TMP/src"

# syn_count ADDR CMD...: runs CMD while tshark counts the TCP connections opened to ADDR
# (in SYNS). A probe connection first proves the capture is live; it is not counted.
syn_count() {
    local addr=$1
    shift
    local out=$TMP/syn.txt
    rm -f "$out"
    tshark -l -i lo -f "dst host $addr and tcp dst port 445 and tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0" \
        -T fields -e tcp.srcport >"$out" 2>"$TMP/tshark.err" &
    local tpid=$!
    local i n=0
    for i in $(seq 1 100); do
        (exec 3<>"/dev/tcp/$addr/445") 2>/dev/null || true
        sleep 0.2
        n=$(grep -c . "$out" 2>/dev/null || true)
        [ "${n:-0}" -ge 1 ] && break
    done
    [ "${n:-0}" -ge 1 ] || { kill $tpid; fail "tshark captured nothing: $(cat "$TMP/tshark.err")"; }
    sleep 1  # every probe sent is in the count before CMD starts
    n=$(grep -c . "$out")
    local rc=0
    "$@" || rc=$?
    sleep 1
    kill -INT $tpid
    wait $tpid 2>/dev/null || true
    SYNS=$(($(grep -c . "$out") - n))
    return $rc
}

# suite NAME ADDR SHARE DATA-DIR AUTH...: the whole story against one server.
suite() {
    local name=$1 addr=$2 share=$3 data=$4
    shift 4
    local auth=("$@") url="//$addr/$share" rc out

    # put -r to a missing folder: it becomes the copy, over one connection.
    syn_count "$addr" "$SMBKIT" put -r -q "$TMP/src" "$url/up" "${auth[@]}" || fail "$name: put -r"
    [ "$SYNS" -eq 1 ] || fail "$name: put -r opened $SYNS connections, want 1"
    diff -r "$TMP/src" "$data/up" || fail "$name: put -r: the share's copy differs"
    pass "$name: put -r into a new folder (diff -r equal, one connection)"

    # smbclient sees the same tree: every file with its size, every folder.
    smbclient "//$addr/$share" "${auth[@]}" -c "recurse ON; ls up\\*" >"$TMP/sc.txt" 2>/dev/null ||
        fail "$name: smbclient ls"
    /usr/bin/python3 - "$TMP/sc.txt" "$TMP/src" <<'PY' || fail "$name: smbclient sees another tree: $(cat "$TMP/sc.txt")"
import os, re, sys
listing, src = sys.argv[1], sys.argv[2]
seen, here = {}, ""
for line in open(listing, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("\\"):
        here = line.strip().strip("\\").replace("\\", "/")
        here = here[len("up"):].lstrip("/") if here.startswith("up") else here
        continue
    m = re.match(r"^  (\S.*?)\s+([A-Z]*)\s+(\d+)\s+\w{3} \w{3}", line)
    if not m or m.group(1) in (".", ".."):
        continue
    path = (here + "/" + m.group(1)).lstrip("/")
    seen[path] = None if "D" in m.group(2) else int(m.group(3))
want = {}
for root, dirs, files in os.walk(src):
    rel = os.path.relpath(root, src)
    for d in dirs:
        want[os.path.normpath(os.path.join(rel, d))] = None
    for f in files:
        want[os.path.normpath(os.path.join(rel, f))] = os.path.getsize(os.path.join(root, f))
assert seen == want, (sorted(set(seen.items()) ^ set(want.items()), key=str))
PY
    pass "$name: smbclient lists the same tree after put -r"

    # put -r to an existing folder: the source goes in under its own name, as cp -r does.
    "$SMBKIT" put -r -q "$TMP/src" "$url/up" "${auth[@]}" || fail "$name: put -r into an existing folder"
    diff -r "$TMP/src" "$data/up/src" || fail "$name: put -r into an existing folder differs"
    pass "$name: put -r into an existing folder lands in it under its own name"

    # get -r to a missing local folder, and into an existing one; one connection.
    syn_count "$addr" "$SMBKIT" get -r -q "$url/up/src" "$TMP/$name-back" "${auth[@]}" || fail "$name: get -r"
    [ "$SYNS" -eq 1 ] || fail "$name: get -r opened $SYNS connections, want 1"
    diff -r "$TMP/src" "$TMP/$name-back" || fail "$name: get -r copy differs"
    mkdir "$TMP/$name-into"
    "$SMBKIT" get -r -q "$url/up/src" "$TMP/$name-into" "${auth[@]}" || fail "$name: get -r into a folder"
    diff -r "$TMP/src" "$TMP/$name-into/src" || fail "$name: get -r into a folder differs"
    pass "$name: get -r (diff -r equal, one connection), also into an existing folder"

    # The JSON summary counts what was done.
    "$SMBKIT" get -r -q --json "$url/up/src" "$TMP/$name-json" "${auth[@]}" >"$TMP/sum.json" ||
        fail "$name: get -r --json"
    /usr/bin/python3 - "$TMP/sum.json" <<'PY' || fail "$name: JSON summary: $(cat "$TMP/sum.json")"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["files"] == 7 and s["folders"] == 7 and s["failed"] == [] and s["exit_code"] == 0, s
assert s["bytes"] == 3145739 + 4 + 7 + 8 + 5 + 70000, s
PY
    pass "$name: --json summary"

    # -p keeps modification times both ways.
    "$SMBKIT" put -r -q -p "$TMP/src" "$url/kept" "${auth[@]}" || fail "$name: put -r -p"
    [ "$(stat -c %Y "$data/kept/top.txt")" = "$(stat -c %Y "$TMP/src/top.txt")" ] ||
        fail "$name: put -p: top.txt time $(stat -c %y "$data/kept/top.txt")"
    [ "$(stat -c %Y "$data/kept/nested/big.bin")" = "$(stat -c %Y "$TMP/src/nested/big.bin")" ] ||
        fail "$name: put -p: big.bin time"
    [ "$(stat -c %Y "$data/kept/nested")" = "$(stat -c %Y "$TMP/src/nested")" ] ||
        fail "$name: put -p: folder time $(stat -c %y "$data/kept/nested")"
    "$SMBKIT" get -r -q -p "$url/kept" "$TMP/$name-kept" "${auth[@]}" || fail "$name: get -r -p"
    [ "$(stat -c %Y "$TMP/$name-kept/top.txt")" = "$(stat -c %Y "$TMP/src/top.txt")" ] ||
        fail "$name: get -p: top.txt time $(stat -c %y "$TMP/$name-kept/top.txt")"
    [ "$(stat -c %Y "$TMP/$name-kept/nested")" = "$(stat -c %Y "$TMP/src/nested")" ] ||
        fail "$name: get -p: folder time $(stat -c %y "$TMP/$name-kept/nested")"
    "$SMBKIT" get -q -p "$url/kept/nested/big.bin" "$TMP/$name-one.bin" "${auth[@]}" || fail "$name: get -p"
    [ "$(stat -c %Y "$TMP/$name-one.bin")" = "$(stat -c %Y "$TMP/src/nested/big.bin")" ] ||
        fail "$name: single get -p time"
    pass "$name: -p keeps modification times of files and folders (put -r, get -r, single get)"

    # A partly failed get -r: a folder in the way of one file locally (local I/O, exit 6);
    # the other files are still copied and the failure is named.
    mkdir -p "$TMP/$name-part/src/top.txt"
    rc=0
    "$SMBKIT" get -r -q "$url/up/src" "$TMP/$name-part" "${auth[@]}" 2>"$TMP/err.txt" || rc=$?
    [ "$rc" -eq 6 ] || fail "$name: partly failed get -r: exit $rc, want 6: $(cat "$TMP/err.txt")"
    grep -q "top.txt" "$TMP/err.txt" || fail "$name: the failed file is not named: $(cat "$TMP/err.txt")"
    cmp "$TMP/src/nested/big.bin" "$TMP/$name-part/src/nested/big.bin" || fail "$name: the rest was not copied"
    pass "$name: partly failed get -r exits 6 and copies the rest"

    # A link planted in the destination is not followed: nothing lands outside it.
    mkdir -p "$TMP/$name-trap/src" "$TMP/$name-outside"
    ln -s "$TMP/$name-outside" "$TMP/$name-trap/src/nested"
    rc=0
    "$SMBKIT" get -r -q "$url/up/src" "$TMP/$name-trap" "${auth[@]}" 2>"$TMP/err.txt" || rc=$?
    [ "$rc" -eq 6 ] || fail "$name: get -r over a planted link: exit $rc, want 6: $(cat "$TMP/err.txt")"
    [ -z "$(ls -A "$TMP/$name-outside")" ] || fail "$name: get -r wrote through a link: $(ls -R "$TMP/$name-outside")"
    cmp "$TMP/src/top.txt" "$TMP/$name-trap/src/top.txt" || fail "$name: get -r over a link copied nothing else"
    pass "$name: get -r does not follow a link planted in the destination"

    # Local links: skipped with a warning by default, followed with -L.
    mkdir -p "$TMP/links/inner" "$TMP/outside"
    printf 'secret\n' >"$TMP/outside/secret.txt"
    printf 'inner\n' >"$TMP/links/inner/in.txt"
    ln -sfn "$TMP/outside" "$TMP/links/out-dir"
    ln -sfn inner/in.txt "$TMP/links/file-link"
    rc=0
    "$SMBKIT" put -r -q "$TMP/links" "$url/links" "${auth[@]}" 2>"$TMP/err.txt" || rc=$?
    [ "$rc" -eq 0 ] || fail "$name: put -r with links: exit $rc: $(cat "$TMP/err.txt")"
    grep -q "skipped out-dir: symbolic link" "$TMP/err.txt" || fail "$name: no warning for the link: $(cat "$TMP/err.txt")"
    [ ! -e "$data/links/out-dir" ] && [ ! -e "$data/links/file-link" ] || fail "$name: a link was followed"
    [ -f "$data/links/inner/in.txt" ] || fail "$name: put -r with links lost a file"
    "$SMBKIT" put -r -q -L "$TMP/links" "$url/links-followed" "${auth[@]}" || fail "$name: put -r -L"
    cmp "$TMP/outside/secret.txt" "$data/links-followed/out-dir/secret.txt" || fail "$name: -L did not follow"
    cmp "$TMP/links/inner/in.txt" "$data/links-followed/file-link" || fail "$name: -L file link"
    pass "$name: local links skipped with a warning, followed with -L"

    # rm of several paths: one logon, every path tried, the worst exit code.
    for f in r1 r2 r3; do printf '%s\n' "$f" >"$data/$f.txt"; done
    rc=0
    syn_count "$addr" "$SMBKIT" rm "$url/r1.txt" "$url/r2.txt" "$url/missing.txt" "$url/r3.txt" "${auth[@]}" \
        2>"$TMP/err.txt" || rc=$?
    [ "$rc" -eq 1 ] || fail "$name: rm with one missing path: exit $rc, want 1"
    [ "$SYNS" -eq 1 ] || fail "$name: rm of four paths opened $SYNS connections, want 1"
    [ ! -e "$data/r1.txt" ] && [ ! -e "$data/r2.txt" ] && [ ! -e "$data/r3.txt" ] || fail "$name: rm left a file"
    "$SMBKIT" mkdir -p "$url/m/a" "$url/m/b" "${auth[@]}" || fail "$name: mkdir of two paths"
    [ -d "$data/m/a" ] && [ -d "$data/m/b" ] || fail "$name: mkdir of two paths"
    pass "$name: rm and mkdir of several paths over one connection"
}

# Samba: files the server may not read make a partly failed put -r / get -r exit 4.
samba_start rec "$SAMBA_ADDR" 445
SDATA=$(samba_dir rec)
suite samba "$SAMBA_ADDR" data "$SDATA" -U "peer%peer-Pw.7"
mkdir -p "$SDATA/locked"
printf 'open\n' >"$SDATA/locked/open.txt"
printf 'closed\n' >"$SDATA/locked/closed.txt"
chmod 644 "$SDATA/locked/open.txt"
chmod 600 "$SDATA/locked/closed.txt"  # owned by root: the Samba user may not read it
rc=0
"$SMBKIT" get -r -q --json "//$SAMBA_ADDR/data/locked" "$TMP/locked" -U "peer%peer-Pw.7" >"$TMP/sum.json" \
    2>"$TMP/err.txt" || rc=$?
[ "$rc" -eq 4 ] || fail "samba: get -r of an unreadable file: exit $rc, want 4: $(cat "$TMP/err.txt")"
cmp "$SDATA/locked/open.txt" "$TMP/locked/open.txt" || fail "samba: the readable file was not copied"
/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["files"] == 1 and [f["path"] for f in s["failed"]] == ["closed.txt"] and s["exit_code"] == 4, s
' "$TMP/sum.json" || fail "samba: JSON of a partly failed get -r: $(cat "$TMP/sum.json")"
pass "samba: a partly failed get -r exits 4, names the file and copies the rest"

# A partly failed put -r: one remote folder the Samba user may not write into (exit 4), and a
# local name SMB cannot carry (exit 1 on its own); everything else arrives.
mkdir -p "$TMP/putpart/ro" "$TMP/putpart/rw" "$SDATA/pp/putpart/ro"
printf 'a\n' >"$TMP/putpart/ro/a.txt"
printf 'b\n' >"$TMP/putpart/rw/b.txt"
printf 'c\n' >"$TMP/putpart/colon:name.txt"
chown 2000:2000 "$SDATA/pp" "$SDATA/pp/putpart"
chmod 755 "$SDATA/pp/putpart/ro"  # owned by root: the Samba user may not add files
rc=0
"$SMBKIT" put -r -q --json "$TMP/putpart" "//$SAMBA_ADDR/data/pp" -U "peer%peer-Pw.7" >"$TMP/sum.json" \
    2>"$TMP/err.txt" || rc=$?
[ "$rc" -eq 4 ] || fail "samba: partly failed put -r: exit $rc, want 4: $(cat "$TMP/err.txt")"
cmp "$TMP/putpart/rw/b.txt" "$SDATA/pp/putpart/rw/b.txt" || fail "samba: put -r did not copy the rest"
/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
failed = {f["path"]: f["exit_code"] for f in s["failed"]}
assert failed == {"colon:name.txt": 1, "ro/a.txt": 4}, s
assert s["files"] == 1 and s["exit_code"] == 4, s
' "$TMP/sum.json" || fail "samba: JSON of a partly failed put -r: $(cat "$TMP/sum.json")"
pass "samba: a partly failed put -r exits 4, lists both failures and copies the rest"

# Every dialect, and encryption, once each for a recursive round trip.
for m in SMB2_02 SMB3_11; do
    extra=()
    [ "$m" = SMB3_11 ] && extra=(--encrypt)
    "$SMBKIT" put -r -q "$TMP/src" "//$SAMBA_ADDR/data/d-$m" -U "peer%peer-Pw.7" -m "$m" "${extra[@]}" ||
        fail "put -r $m"
    "$SMBKIT" get -r -q "//$SAMBA_ADDR/data/d-$m" "$TMP/d-$m" -U "peer%peer-Pw.7" -m "$m" "${extra[@]}" ||
        fail "get -r $m"
    diff -r "$TMP/src" "$TMP/d-$m" || fail "round trip over $m differs"
done
pass "samba: recursive round trips over SMB 2.0.2 and 3.1.1 with encryption"

# smbkit serve.
smb_start "$KIT_ADDR"
suite smbkit "$KIT_ADDR" share "$TMP/share" -U "$SMB_USER%$SMB_PASS"
smb_alive "after the recursive copies"

# The server stops answering in the middle of a copy: the reads time out, the copy stops at
# once instead of failing every remaining file, exits 3 and says how many were not copied.
mkdir -p "$TMP/share/stall"
head -c 200000000 /dev/zero >"$TMP/share/stall/a-big.bin"
for i in 1 2 3 4 5; do printf '%s\n' "$i" >"$TMP/share/stall/f$i.txt"; done
rc=0
"$SMBKIT" get -r -q --json --parallel 1 --inflight 1 -t 2 "//$KIT_ADDR/share/stall" "$TMP/stall" \
    -U "$SMB_USER%$SMB_PASS" >"$TMP/sum.json" 2>"$TMP/err.txt" &
gpid=$!
for i in $(seq 1 500); do [ -e "$TMP/stall/a-big.bin" ] && break; sleep 0.01; done
kill -STOP "$SMB_PID"
wait $gpid || rc=$?
kill -CONT "$SMB_PID"
[ "$rc" -eq 3 ] || fail "stalled server: exit $rc, want 3: $(cat "$TMP/err.txt")"
/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert [f["path"] for f in s["failed"]] == ["a-big.bin"] and s["not_attempted"] == 5, s
' "$TMP/sum.json" || fail "stalled server: $(cat "$TMP/sum.json")"
grep -q "5 file(s) not copied" "$TMP/err.txt" || fail "stalled server: not said: $(cat "$TMP/err.txt")"
rm -rf "$TMP/share/stall" "$TMP/stall"
smb_alive "after being stopped and continued"
pass "a server that stops answering ends the copy with exit 3 and the count of files not copied"

# A progress line on a terminal: files done of the total, and bytes.
script -qec "'$SMBKIT' get -r //$KIT_ADDR/share/up/src '$TMP/tty-copy' -U '$SMB_USER%$SMB_PASS'" /dev/null \
    >"$TMP/tty.txt" 2>&1 || fail "get -r on a terminal: $(cat "$TMP/tty.txt")"
grep -aq "(7/7)" "$TMP/tty.txt" || fail "no files-done progress on a terminal: $(cat -v "$TMP/tty.txt")"
grep -aq "MiB/3.1 MiB" "$TMP/tty.txt" || fail "no byte progress on a terminal: $(cat -v "$TMP/tty.txt")"
grep -aq "7 files, 7 folders" "$TMP/tty.txt" || fail "no summary on a terminal: $(cat -v "$TMP/tty.txt")"
diff -r "$TMP/src" "$TMP/tty-copy" || fail "get -r on a terminal differs"
pass "progress line on a terminal"

# Usage errors exit 2 before anything is sent.
for args in "--min-protocol SMB9" "--max-protocol nonsense" "--min-protocol SMB3_11 --max-protocol SMB2_02" \
    "--nt-hash 1234"; do
    rc=0
    # shellcheck disable=SC2086
    "$SMBKIT" ls "//$KIT_ADDR/share" -U "$SMB_USER%$SMB_PASS" $args 2>/dev/null || rc=$?
    [ "$rc" -eq 2 ] || fail "ls $args: exit $rc, want 2"
done
rc=0
"$SMBKIT" put "$TMP/src" "//$KIT_ADDR/share/x" -U "$SMB_USER%$SMB_PASS" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "put of a folder without -r: exit $rc, want 2"
pass "bad protocol names, NT hash, and a folder without -r exit 2"
