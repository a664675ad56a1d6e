#!/usr/bin/env bash
# Name queries answered per second: smbkit's name service (127.0.2.5) against Samba's nmbd
# (127.0.2.20), side by side on this machine, with the same load generator: COUNT unicast
# name queries for the server's own name, INFLIGHT outstanding at a time, each query
# counted lost after 500 ms. Loopback only. Runs ROUNDS alternating rounds and reports the
# median rate of each and their ratio.
#
#   SMBKIT=build/smbkit bench/nbns_query_rate.sh [COUNT [INFLIGHT [ROUNDS]]]
set -euo pipefail
: "${SMBKIT:?SMBKIT must point at the smbkit binary}"
COUNT=${1:-50000}
INFLIGHT=${2:-32}
ROUNDS=${3:-3}
for p in nmbd nmblookup g++; do
    command -v "$p" >/dev/null || { echo "SKIPPED: $p is not installed" >&2; exit 77; }
done
TMP=$(mktemp -d /tmp/smbkit-bench.XXXXXX)
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT

cat >"$TMP/load.cpp" <<'CPP'
// NBNS query load: argv = source-ip target-ip name count inflight max-seconds.
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
using clk = std::chrono::steady_clock;
int main(int argc, char** argv) {
    if (argc != 7) return 2;
    std::string name = argv[3];
    long count = std::atol(argv[4]), inflight = std::atol(argv[5]);
    double max_s = std::atof(argv[6]);
    if (count < 1 || count > 65535 || inflight < 1) return 2;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in src{}, dst{};
    src.sin_family = dst.sin_family = AF_INET;
    inet_pton(AF_INET, argv[1], &src.sin_addr);
    inet_pton(AF_INET, argv[2], &dst.sin_addr);
    dst.sin_port = htons(137);
    int buf = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    if (bind(s, (sockaddr*)&src, sizeof src) != 0) { perror("bind"); return 1; }
    // RFC 1002 4.2.12 query, name<00>, RD clear.
    unsigned char q[50] = {0, 0, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 32};
    char raw[16];
    std::memset(raw, ' ', 15);
    std::memcpy(raw, name.data(), std::min<size_t>(15, name.size()));
    raw[15] = 0;
    for (int i = 0; i < 16; ++i) {
        q[13 + 2 * i] = 'A' + ((unsigned char)raw[i] >> 4);
        q[14 + 2 * i] = 'A' + (raw[i] & 15);
    }
    q[45] = 0; q[46] = 0; q[47] = 0x20; q[48] = 0; q[49] = 1;
    std::vector<clk::time_point> sent_at(count);
    std::vector<char> state(count, 0);  // 0 unsent, 1 out, 2 answered, 3 lost
    long next = 0, out = 0, answered = 0, lost = 0, oldest = 0;
    auto start = clk::now();
    unsigned char r[1024];
    while ((next < count || out > 0) &&
           std::chrono::duration<double>(clk::now() - start).count() < max_s) {
        while (next < count && out < inflight) {
            q[0] = next >> 8; q[1] = next & 0xff;
            if (sendto(s, q, sizeof q, 0, (sockaddr*)&dst, sizeof dst) != sizeof q) break;
            sent_at[next] = clk::now(); state[next] = 1; ++next; ++out;
        }
        pollfd p{s, POLLIN, 0};
        if (poll(&p, 1, 5) > 0) {
            for (;;) {
                ssize_t n = recv(s, r, sizeof r, MSG_DONTWAIT);
                if (n < 0) break;
                if (n < 12 || !(r[2] & 0x80)) continue;
                long id = (r[0] << 8) | r[1];
                if (id < next && state[id] == 1 && (r[3] & 15) == 0) { state[id] = 2; --out; ++answered; }
            }
        }
        auto now = clk::now();
        while (oldest < next && state[oldest] != 1) ++oldest;
        for (long i = oldest; i < next; ++i) {
            if (state[i] != 1) continue;
            if (now - sent_at[i] < std::chrono::milliseconds(500)) break;
            state[i] = 3; --out; ++lost;
        }
    }
    double secs = std::chrono::duration<double>(clk::now() - start).count();
    std::printf("%ld %ld %.3f %.0f\n", answered, lost, secs, answered / secs);
    return 0;
}
CPP
g++ -O2 -std=c++17 -o "$TMP/load" "$TMP/load.cpp"

# smbkit
mkdir -p "$TMP/share" "$TMP/state"
"$SMBKIT" serve "$TMP/share" --option 'interfaces = 127.0.2.5/8' \
    --option 'bind interfaces only = yes' --option 'netbios name = KIT5' \
    --option 'workgroup = KITWG' --option 'smb ports = 14455' \
    --option "state directory = $TMP/state" >"$TMP/smbkit.log" 2>&1 &
PIDS+=($!)

# nmbd, as a private instance with its own directories
N="$TMP/nmbd"
mkdir -p "$N"/{private,lock,state,cache,pid,log}
cat >"$N/smb.conf" <<CONF
[global]
  netbios name = PEERNMB
  workgroup = KITWG
  interfaces = 127.0.2.20/8
  bind interfaces only = yes
  private dir = $N/private
  lock directory = $N/lock
  state directory = $N/state
  cache directory = $N/cache
  pid directory = $N/pid
  ncalrpc dir = $N/lock/ncalrpc
  log file = $N/log/log.%m
  log level = 0
CONF
nmbd -F --no-process-group -d 0 -s "$N/smb.conf" >"$N/nmbd.out" 2>&1 &
PIDS+=($!)

printf '[global]\n  interfaces = 127.0.0.1/8\n  bind interfaces only = yes\n' >"$TMP/client.conf"
ready() {
    local i
    for i in $(seq 1 100); do
        nmblookup -s "$TMP/client.conf" -U "$1" "$2" 2>/dev/null | grep -q "^$1 $2<00>" && return 0
        sleep 0.2
    done
    echo "$2 on $1 never answered" >&2
    exit 1
}
ready 127.0.2.5 KIT5
ready 127.0.2.20 PEERNMB

declare -a KIT NMB
for r in $(seq 1 "$ROUNDS"); do
    read -r a l s rate < <("$TMP/load" 127.0.2.9 127.0.2.5 KIT5 "$COUNT" "$INFLIGHT" 60)
    echo "round $r smbkit: $a answered, $l lost, ${s}s, $rate/s"
    KIT+=("$rate")
    read -r a l s rate < <("$TMP/load" 127.0.2.9 127.0.2.20 PEERNMB "$COUNT" "$INFLIGHT" 60)
    echo "round $r nmbd:   $a answered, $l lost, ${s}s, $rate/s"
    NMB+=("$rate")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
k=$(median "${KIT[@]}")
n=$(median "${NMB[@]}")
echo "smbkit median: $k queries/s"
echo "nmbd median:   $n queries/s"
awk -v k="$k" -v n="$n" 'BEGIN { printf "ratio smbkit/nmbd: %.2f\n", k / n }'
