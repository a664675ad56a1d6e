"""Shared by the impacket interop tests (imported, not run): a tally of named checks and a
private `smbkit serve` on one loopback address with users alice and bob and a read-write
[share]."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

USER, PASSWORD = "alice", "Alice-Pw.1"
# A second account, for the checks that need another user.
OTHER_USER, OTHER_PASSWORD = "bob", "Bob-Pw.2"


class Checks:
    """Runs named checks, reports each, and goes on after a failure."""

    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, name, fn):
        try:
            fn()
            self.passed += 1
            print("ok:", name)
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            self.failed += 1
            print("FAIL:", name, "-", repr(e), file=sys.stderr)


def nt_hash(pw):
    from impacket.ntlm import compute_nthash
    return compute_nthash(pw).hex().upper()


class PrivateServer:
    """`with PrivateServer(smbkit, addr, checks, ...) as srv`: the server runs inside the block
    (srv.share is the share's folder, srv.process the server); on the way out it is stopped
    with SIGTERM (killed after 10 s), its log tail printed if a check failed, and the
    temporary folder removed."""

    def __init__(self, smbkit, addr, checks, prefix, ports="445 139", global_lines=""):
        self.smbkit, self.addr, self.checks = smbkit, addr, checks
        self.ports, self.global_lines = ports, global_lines
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.share = os.path.join(self.tmp, "share")
        self.process = None

    def __enter__(self):
        tmp = self.tmp
        os.makedirs(self.share)
        os.makedirs(os.path.join(tmp, "private"))
        with open(os.path.join(tmp, "private", "smbpasswd"), "w") as f:
            f.write(f"{USER}:1000:{'X' * 32}:{nt_hash(PASSWORD)}:[U          ]:LCT-00000000:\n")
            f.write(f"{OTHER_USER}:1001:{'X' * 32}:{nt_hash(OTHER_PASSWORD)}:[U          ]:"
                    "LCT-00000000:\n")
        with open(os.path.join(tmp, "smb.conf"), "w") as f:
            f.write(f"""[global]
netbios name = SMBKIT3
interfaces = {self.addr}
bind interfaces only = yes
disable netbios = yes
smb ports = {self.ports}
{self.global_lines}private dir = {tmp}/private
state directory = {tmp}/state
[share]
path = {self.share}
read only = no
""")
        log = open(os.path.join(tmp, "serve.log"), "w")
        self.process = subprocess.Popen([self.smbkit, "serve", "-s", os.path.join(tmp, "smb.conf")],
                                        stdout=log, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                socket.create_connection((self.addr, 445), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.checks.failed or exc[0] is not None:
            print(open(os.path.join(self.tmp, "serve.log")).read()[-4000:], file=sys.stderr)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return False
