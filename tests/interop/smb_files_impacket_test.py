#!/usr/bin/python3
"""File operations through impacket's SMBConnection against smbkit serve: listPath, putFile,
getFile, createDirectory, rename, deleteFile, deleteDirectory, queryInfo, and path escapes."""
import io
import os
import subprocess
import sys

try:
    from impacket.smbconnection import SMBConnection, SessionError
except ImportError:
    sys.stderr.write("SKIPPED: python3-impacket is not installed\n")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
ADDR = "127.0.4.2"


def main():
    # Start the server through the shared shell helpers and keep it running while we test.
    script = f"""
source "{HERE}/lib.sh"
source "{HERE}/smb_lib.sh"
smb_start {ADDR}
echo "TMP=$TMP"
read -r _
"""
    proc = subprocess.Popen(["bash", "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    tmp = None
    try:
        for line in proc.stdout:
            if line.startswith("TMP="):
                tmp = line.strip()[4:]
                break
        if tmp is None:
            print("FAIL: server did not start")
            return 1
        return run(tmp)
    finally:
        try:
            proc.stdin.write("\n")
            proc.stdin.flush()
        except Exception:
            pass
        proc.wait(timeout=30)


def run(tmp):
    share = os.path.join(tmp, "share")
    c = SMBConnection(ADDR, ADDR, sess_port=445)
    c.login("alice", "Alice-Pw.1")
    data = os.urandom(1 << 20)
    c.putFile("share", "data.bin", io.BytesIO(data).read)
    assert open(os.path.join(share, "data.bin"), "rb").read() == data, "putFile bytes"
    out = io.BytesIO()
    c.getFile("share", "data.bin", out.write)
    assert out.getvalue() == data, "getFile bytes"
    print("ok: putFile/getFile")

    c.createDirectory("share", "dir")
    c.putFile("share", "dir\\ünï.txt", io.BytesIO(b"x").read)
    names = sorted(f.get_longname() for f in c.listPath("share", "dir\\*"))
    assert names == [".", "..", "ünï.txt"], names
    print("ok: createDirectory/listPath")

    c.rename("share", "dir\\ünï.txt", "dir\\renamed.txt")
    assert os.path.exists(os.path.join(share, "dir", "renamed.txt")), "rename"
    tid = c.connectTree("share")
    fid = c.openFile(tid, "data.bin")
    info = c.getSMBServer().queryInfo(tid, fid)
    # FileStandardInformation by default: AllocationSize, then EndOfFile.
    assert int.from_bytes(info[8:16], "little") == len(data), "queryInfo end of file"
    c.closeFile(tid, fid)
    print("ok: rename/queryInfo")

    c.deleteFile("share", "dir\\renamed.txt")
    c.deleteDirectory("share", "dir")
    assert not os.path.exists(os.path.join(share, "dir")), "deleteDirectory"
    print("ok: deleteFile/deleteDirectory")

    with open(os.path.join(tmp, "outside.txt"), "w") as f:
        f.write("secret")
    for p in ["..\\outside.txt", "dir\\..\\..\\outside.txt", "/etc/passwd", "data.bin:evil"]:
        try:
            buf = io.BytesIO()
            c.getFile("share", p, buf.write)
            if buf.getvalue() in (b"secret",) or b"root:" in buf.getvalue():
                print(f"FAIL: escaped the share with {p}")
                return 1
        except SessionError:
            pass
    print("ok: path escapes refused")
    c.logoff()
    print("5 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
