#!/usr/bin/env bash
# Installs, from Debian, what smbkit needs to build (--build) or to build and run every test
# against real peers (--test, the default). Run as root; installs only what is missing.
set -euo pipefail

build_pkgs=(g++ cmake ninja-build pkg-config libssl-dev libasio-dev libcli11-dev libspdlog-dev
            libfmt-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev)
test_pkgs=(clang-16 libclang-rt-16-dev samba smbclient samba-testsuite nbtscan nmap
           tshark python3 python3-impacket smbmap libnss-wrapper iproute2 attr procps
           hyperfine)

mode=${1:---test}
pkgs=("${build_pkgs[@]}")
[ "$mode" = --test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#pkgs[@]} packages present"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing ${missing[*]}; run this script as root" >&2
    exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; the answer does not matter here.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -q --no-install-recommends "${missing[@]}"
# The samba package starts daemons where an init system runs; tests start their own.
for svc in smbd nmbd samba-ad-dc winbind; do
    if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then
        systemctl stop "$svc" || true
        systemctl disable "$svc" 2>/dev/null || true
    fi
done
