# Helpers for the NetBIOS client interop tests and bench/scan_vs_nbtscan.sh (sourced after
# lib.sh): private Samba nmbd responders on 127.0.1.x addresses.
#
# nmbd 4.17 on loopback: `interfaces = ADDR/23` with `bind interfaces only` makes it listen on
# ADDR:137 and on the broadcast address 127.0.1.255 (inside 127.0.1.0/24), and the /23 subnet
# (127.0.0.0-127.0.1.255) holds 127.0.0.1, where nbtscan and nmblookup send from: nmbd
# ignores name queries, and B-flagged status requests such as nbtscan's, from outside its
# subnets. It still opens a client socket on 0.0.0.0:137, from which it answers any 127.x
# address (from 127.0.0.1); the (deprecated but working) `nbt client socket address` pins
# that socket to ADDR, so each nmbd answers only for its own address and several can run side
# by side. Browsing and elections are off so that the name table stays the same.

# nbns_guard_loopback RANGE...: tests only ever send to 127.0.0.0/8.
nbns_guard_loopback() {
    local r
    for r in "$@"; do
        case "$r" in
            127.*) ;;
            *) fail "refusing to send NetBIOS traffic outside 127.0.0.0/8: $r" ;;
        esac
    done
}

# A client smb.conf for nmblookup, so that /etc/samba is never read; it sends from 127.0.1.1.
nbns_client_conf() {
    local conf=$TMP/nmblookup.conf
    if [ ! -f "$conf" ]; then
        mkdir -p "$TMP/nmblookup"
        cat >"$conf" <<EOF
[global]
  interfaces = 127.0.1.1/24
  bind interfaces only = yes
  lock directory = $TMP/nmblookup
  state directory = $TMP/nmblookup
  cache directory = $TMP/nmblookup
  private dir = $TMP/nmblookup
  pid directory = $TMP/nmblookup
  name resolve order = bcast
  nbt client socket address = 127.0.1.1
EOF
    fi
    echo "$conf"
}

# start_nmbd ADDR NAME WORKGROUP: runs nmbd on ADDR and waits until it answers node status
# with its names registered.
start_nmbd() {
    local addr=$1 name=$2 wg=$3
    nbns_guard_loopback "$addr"
    local dir=$TMP/nmbd-$addr
    mkdir -p "$dir"/{private,lock,state,cache,pid,log}
    cat >"$dir/smb.conf" <<EOF
[global]
  netbios name = $name
  workgroup = $wg
  interfaces = $addr/23
  bind interfaces only = yes
  nbt client socket address = $addr
  private dir = $dir/private
  lock directory = $dir/lock
  state directory = $dir/state
  cache directory = $dir/cache
  pid directory = $dir/pid
  log file = $dir/log/log.%m
  local master = no
  domain master = no
  preferred master = no
  wins support = no
  dns proxy = no
  disable netbios = no
EOF
    nmbd -F --no-process-group --debug-stdout -d 1 -s "$dir/smb.conf" >"$dir/nmbd.out" 2>&1 &
    local pid=$!
    add_cleanup "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
    local conf i
    conf=$(nbns_client_conf)
    for i in $(seq 1 150); do
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$dir/nmbd.out" >&2
            fail "nmbd on $addr exited"
        fi
        # Ready once its names are registered: node status lists them at once, but broadcast
        # queries are answered only after the B-node registration rounds (about 4 s).
        if nmblookup -s "$conf" -A "$addr" 2>/dev/null | grep -q "^[[:space:]]*$wg .*<1e> - <GROUP>" &&
            nmblookup -s "$conf" -B 127.0.1.255 "$name" 2>/dev/null | grep -q "^$addr $name<00>"; then
            return 0
        fi
        sleep 0.2
    done
    cat "$dir/nmbd.out" >&2
    fail "nmbd on $addr did not register its names"
}

# The (name, suffix, type) triples of a node status as nmblookup -A prints them, sorted:
# "NAME 20 UNIQUE".
nmblookup_status_triples() {
    nmblookup -s "$(nbns_client_conf)" -A "$1" |
        awk '/<[0-9a-f][0-9a-f]> -/ { t = ($0 ~ /<GROUP>/) ? "GROUP" : "UNIQUE";
                                      s = $2; gsub(/[<>]/, "", s);
                                      print $1, toupper(s), t }' | sort
}
