# Helpers shared by the nbns_server_* interop tests (sourced after lib.sh).

# A client-side smb.conf so that nmblookup ignores whatever /etc/samba/smb.conf says.
NMB_CONF="$TMP/client.conf"
printf '[global]\n  workgroup = CLIENTWG\n  interfaces = 127.0.0.1/8\n  bind interfaces only = yes\n' >"$NMB_CONF"
# nmblookup exits 1 when a name is not found; the tests look at what it printed.
nmb() { nmblookup -s "$NMB_CONF" "$@" || true; }

# start_smbkit NAME ADDR LOG [more --option values...]: `smbkit serve` on ADDR/8 in the
# background; sets SMBKIT_PID.
start_smbkit() {
    local name=$1 addr=$2 log=$3
    shift 3
    local opts=() o
    for o in "$@"; do opts+=(--option "$o"); done
    mkdir -p "$TMP/share-$name" "$TMP/state-$name"
    "$SMBKIT" --log-level info serve "$TMP/share-$name" \
        --option "interfaces = $addr/8" --option 'bind interfaces only = yes' \
        --option "netbios name = $name" --option 'workgroup = KITWG' \
        --option 'smb ports = 14455' --option "state directory = $TMP/state-$name" \
        --option "private dir = $TMP/state-$name/private" \
        "${opts[@]}" >>"$log" 2>&1 &
    SMBKIT_PID=$!
    add_cleanup "kill $SMBKIT_PID 2>/dev/null; wait $SMBKIT_PID 2>/dev/null"
    wait_for_port "$addr" 137 udp
}

# wait_resolves SERVER NAME ADDR: up to 15 s for `nmblookup -U SERVER --recursion NAME` to give ADDR.
wait_resolves() {
    local server=$1 name=$2 want=$3 i
    local bare=${name%%#*}  # nmblookup prints NAME<xx> for NAME#xx
    for i in $(seq 1 75); do
        if nmb -U "$server" --recursion "$name" 2>/dev/null | grep -q "^$want $bare<"; then return 0; fi
        sleep 0.2
    done
    nmb -U "$server" --recursion "$name" >&2 || true
    return 1
}

# start_capture FILE FILTER: tshark on lo in the background until stop_capture.
start_capture() {
    CAPTURE=$1
    tshark -i lo -f "$2" -w "$CAPTURE" >"$TMP/tshark.log" 2>&1 &
    TSHARK_PID=$!
    add_cleanup "kill $TSHARK_PID 2>/dev/null; wait $TSHARK_PID 2>/dev/null"
    local i
    for i in $(seq 1 100); do
        # dumpcap says so a moment before its filter is in place
        grep -q "Capturing on" "$TMP/tshark.log" && { sleep 1; return 0; }
        sleep 0.1
    done
    fail "tshark did not start: $(cat "$TMP/tshark.log")"
}

stop_capture() {
    sleep 0.5
    kill -INT "$TSHARK_PID" 2>/dev/null || true
    wait "$TSHARK_PID" 2>/dev/null || true
}

# check_capture: no malformed packet and no expert warning or error in the capture.
check_capture() {
    local n
    n=$(tshark -r "$CAPTURE" -Y nbns 2>/dev/null | wc -l)
    [ "$n" -gt 0 ] || fail "the capture holds no NBNS packets"
    if tshark -r "$CAPTURE" -V 2>/dev/null | grep -i "malformed"; then
        fail "tshark found malformed packets"
    fi
    tshark -r "$CAPTURE" -q -z expert >"$TMP/expert.txt" 2>&1 || true
    if grep -Eq "^(Errors|Warnings) \(" "$TMP/expert.txt"; then
        cat "$TMP/expert.txt" >&2
        fail "tshark expert info has warnings or errors"
    fi
    pass "tshark: $n NBNS packets, none malformed, no expert warnings"
}
