#!/usr/bin/python3
"""Re-authentication (MS-SMB2 3.3.5.5) with impacket against `smbkit serve`: a second
SESSION_SETUP on a valid session keeps its id, trees and open handles, as the same user, as
anonymous (its tree turns read-only: a null session could not have connected to the share)
and back; a failed re-authentication ends the session (its handles answer
STATUS_USER_SESSION_DELETED) while the server goes on serving.

impacket derives new keys on every login, which is right for nothing but a first logon (a
re-authenticated session keeps its keys): the SMB 2.1 checks run unsigned; the SMB 3.1.1 one
puts the first keys back after each re-authentication, so every request and response of it
is signed and encrypted with the keys of the first logon. smbtorture's
smb2.session.reauth1-6 cover the same but also demand a batch oplock on CREATE."""
import os
import sys

try:
    from impacket import smb3, smb3structs as s3
    from impacket.smbconnection import SMBConnection, SessionError
    from impacket import crypto as icrypto, ntlm, spnego
    from impacket.smb3 import SMB2_DIALECT_21, SMB2_DIALECT_30, SMB2_DIALECT_311
except ImportError:
    print("SKIPPED: python3-impacket is not installed", file=sys.stderr)
    sys.exit(77)

from smb_impacket_lib import OTHER_PASSWORD, OTHER_USER, PASSWORD, USER, Checks, PrivateServer

SMBKIT = os.environ.get("SMBKIT")
if not SMBKIT:
    sys.exit("SMBKIT must point at the smbkit binary")
ADDR = "127.0.3.61"
LOGON_FAILURE = 0xC000006D
ACCESS_DENIED = 0xC0000022
USER_SESSION_DELETED = 0xC0000203
REQUEST_NOT_ACCEPTED = 0xC00000D0
check = Checks()


def status_of(fn):
    try:
        fn()
    except SessionError as e:
        return e.getErrorCode()
    except smb3.SessionError as e:  # from the SMB3 object itself
        return e.get_error_code()
    return 0


with PrivateServer(SMBKIT, ADDR, check, "smbkit-reauth.", ports="445", global_lines="server signing = auto\n") as srv:
    share, server = srv.share, srv.process

    c = SMBConnection(ADDR, ADDR, sess_port=445, preferredDialect=SMB2_DIALECT_21, timeout=20)
    c.login(USER, PASSWORD)
    s = c.getSMBServer()
    sid = s._Session["SessionID"]
    tid = s.connectTree("share")
    fid = s.create(tid, "reauth.txt", s3.FILE_READ_DATA | s3.FILE_WRITE_DATA | s3.DELETE,
                   s3.FILE_SHARE_READ, s3.FILE_NON_DIRECTORY_FILE, s3.FILE_OVERWRITE_IF, 0)
    data = b"written before any re-authentication\n"
    s.write(tid, fid, data, 0, len(data))

    def read_back():
        got = s.read(tid, fid, 0, len(data))
        assert got == data, got

    def new_file(name):
        def run():
            f = s.create(tid, name, s3.FILE_READ_DATA | s3.FILE_WRITE_DATA,
                         s3.FILE_SHARE_READ, s3.FILE_NON_DIRECTORY_FILE, s3.FILE_CREATE, 0)
            s.close(tid, f)
        return run

    def same_user():
        s.login(USER, PASSWORD)
        assert s._Session["SessionID"] == sid, "re-authentication changed the session id"
        read_back()
        new_file("as-alice-1.txt")()
    check("re-authentication as the same user keeps the session and its handle", same_user)

    def anonymous():
        s.login("", "")
        assert s._Session["SessionID"] == sid, "re-authentication changed the session id"
        read_back()
        st = status_of(lambda: s.write(tid, fid, b"x", 0, 1))
        assert st == ACCESS_DENIED, hex(st)
        read_back()
    check("re-authentication as anonymous keeps the handle; the tree is read-only", anonymous)

    def back_to_user():
        s.login(USER, PASSWORD)
        read_back()
        assert s.write(tid, fid, data, 0, len(data)) == len(data)
        new_file("as-alice-2.txt")()
        assert os.path.exists(os.path.join(share, "as-alice-2.txt"))
    check("re-authentication back to the user gives write access again", back_to_user)

    def failed_reauth():
        st = status_of(lambda: s.login(USER, "wrong"))
        assert st == LOGON_FAILURE, hex(st)
        # impacket forgets the session id after a failed logon; ask with the old one.
        s._Session["SessionID"] = sid
        st = status_of(read_back)
        assert st == USER_SESSION_DELETED, hex(st)
    check("a failed re-authentication ends the session", failed_reauth)

    def signed_and_encrypted():
        c3 = SMBConnection(ADDR, ADDR, sess_port=445, preferredDialect=SMB2_DIALECT_311,
                           timeout=20)
        s3x = c3.getSMBServer()
        # impacket 0.10.0 seeds the 3.1.1 preauth hash with zeros (see smb_impacket_test.py).
        s3x._Session["PreauthIntegrityHashValue"] = s3x._Connection["PreauthIntegrityHashValue"]
        c3.login(USER, PASSWORD)
        assert s3x._Session["SigningActivated"], "3.1.1 session should sign"
        t3 = s3x.connectTree("share")
        f3 = s3x.create(t3, "reauth311.txt", s3.FILE_READ_DATA | s3.FILE_WRITE_DATA,
                        s3.FILE_SHARE_READ, s3.FILE_NON_DIRECTORY_FILE,
                        s3.FILE_OVERWRITE_IF, 0)
        s3x.write(t3, f3, data, 0, len(data))
        first = {k: s3x._Session[k] for k in
                 ("SigningKey", "EncryptionKey", "DecryptionKey", "ApplicationKey", "SessionKey")}
        encrypted = s3x._Session["SessionFlags"] & s3.SMB2_SESSION_FLAG_ENCRYPT_DATA
        for _ in range(2):
            s3x.login(USER, PASSWORD)  # its requests carry the first keys; so do the answers
            s3x._Session.update(first)
            if encrypted:
                s3x._Session["SessionFlags"] |= s3.SMB2_SESSION_FLAG_ENCRYPT_DATA
            got = s3x.read(t3, f3, 0, len(data))
            assert got == data, got
        s3x.close(t3, f3)
        c3.logoff()
    check("a signed, encrypted 3.1.1 session re-authenticates and keeps its keys",
          signed_and_encrypted)

    def binding_refused():
        # Multichannel is not offered: SESSION_SETUP with SMB2_SESSION_FLAG_BINDING on a
        # second connection, naming the first one's session and signed with its key, is
        # refused with STATUS_REQUEST_NOT_ACCEPTED, signed with that key (Samba's client
        # checks it), and the session lives on. An unknown session is USER_SESSION_DELETED.
        c1 = SMBConnection(ADDR, ADDR, sess_port=445, preferredDialect=SMB2_DIALECT_30,
                           timeout=20)
        c1.login(USER, PASSWORD)
        a = c1.getSMBServer()
        b = SMBConnection(ADDR, ADDR, sess_port=445, preferredDialect=SMB2_DIALECT_30,
                          timeout=20).getSMBServer()
        key = a._Session["SigningKey"]

        def bind(session_id, sign):
            setup = s3.SMB2SessionSetup()
            setup["Flags"] = s3.SMB2_SESSION_FLAG_BINDING
            setup["SecurityMode"] = s3.SMB2_NEGOTIATE_SIGNING_ENABLED
            blob = spnego.SPNEGO_NegTokenInit()
            blob["MechTypes"] = [spnego.TypesMech[
                "NTLMSSP - Microsoft NTLM Security Support Provider"]]
            blob["MechToken"] = ntlm.getNTLMSSPType1("", "", True).getData()
            setup["SecurityBufferLength"] = len(blob)
            setup["Buffer"] = blob.getData()
            pkt = s3.SMB3Packet()
            pkt["Command"] = s3.SMB2_SESSION_SETUP
            pkt["MessageID"] = b._Connection["SequenceWindow"]
            b._Connection["SequenceWindow"] += 1
            pkt["CreditCharge"] = 1
            pkt["CreditRequestResponse"] = 8
            pkt["SessionID"] = session_id
            pkt["Data"] = setup
            if sign:
                pkt["Flags"] = s3.SMB2_FLAGS_SIGNED
                raw = pkt.getData()
                pkt["Signature"] = icrypto.AES_CMAC(key, raw, len(raw))
            b._NetBIOSSession.send_packet(pkt.getData())
            return b._NetBIOSSession.recv_packet(20).get_trailer()

        def status(raw):
            return s3.SMB2Packet(raw)["Status"]

        def signed_with_key(raw):
            if not s3.SMB2Packet(raw)["Flags"] & s3.SMB2_FLAGS_SIGNED:
                return False
            zeroed = raw[:48] + b"\0" * 16 + raw[64:]
            return icrypto.AES_CMAC(key, zeroed, len(zeroed)) == raw[48:64]

        sid1 = a._Session["SessionID"]
        raw = bind(sid1, True)
        assert status(raw) == REQUEST_NOT_ACCEPTED, hex(status(raw))
        assert signed_with_key(raw), "the refusal is not signed with the session's key"
        raw = bind(sid1, False)
        assert status(raw) == REQUEST_NOT_ACCEPTED, hex(status(raw))
        assert not signed_with_key(raw), "an unsigned request got a signed answer"
        raw = bind(sid1 ^ 0x5A5A0000, False)
        assert status(raw) == USER_SESSION_DELETED, hex(status(raw))
        t1 = a.connectTree("share")
        a.disconnectTree(t1)
        c1.logoff()
    check("binding is refused, signed with the bound session's key", binding_refused)

    def previous_session_ends():
        # MS-SMB2 3.3.5.5.3: a logon naming PreviousSessionId ends that session when it is
        # the same user's; impacket always sends 0, so its SESSION_SETUP is given the field.
        old = SMBConnection(ADDR, ADDR, sess_port=445, preferredDialect=SMB2_DIALECT_21,
                            timeout=20)
        old.login(USER, PASSWORD)
        os_ = old.getSMBServer()
        prev = os_._Session["SessionID"]
        otid = os_.connectTree("share")
        ofid = os_.create(otid, "previous.txt", s3.FILE_READ_DATA | s3.FILE_WRITE_DATA, 0,
                          s3.FILE_NON_DIRECTORY_FILE, s3.FILE_OVERWRITE_IF, 0)
        os_.write(otid, ofid, b"old session", 0, 11)
        plain = smb3.SMB2SessionSetup

        class naming_previous(plain):
            def __init__(self, *a, **kw):
                plain.__init__(self, *a, **kw)
                self["PreviousSessionId"] = prev
        smb3.SMB2SessionSetup = naming_previous
        try:
            # Another user naming it: the old session and its open stay.
            other = SMBConnection(ADDR, ADDR, sess_port=445, preferredDialect=SMB2_DIALECT_21,
                                  timeout=20)
            other.login(OTHER_USER, OTHER_PASSWORD)
            assert os_.read(otid, ofid, 0, 11) == b"old session", "bob ended alice's session"
            other.logoff()
            # The same user naming it: the old session ends before the new one is answered.
            new = SMBConnection(ADDR, ADDR, sess_port=445, preferredDialect=SMB2_DIALECT_21,
                                timeout=20)
            new.login(USER, PASSWORD)
        finally:
            smb3.SMB2SessionSetup = plain
        st = status_of(lambda: os_.read(otid, ofid, 0, 11))
        assert st == USER_SESSION_DELETED, hex(st)
        # Its open (no sharing) is closed: the new session opens the file at once.
        ns = new.getSMBServer()
        ntid = ns.connectTree("share")
        nfid = ns.create(ntid, "previous.txt", s3.FILE_READ_DATA, 0, s3.FILE_NON_DIRECTORY_FILE,
                         s3.FILE_OPEN, 0)
        assert ns.read(ntid, nfid, 0, 11) == b"old session"
        ns.close(ntid, nfid)
        new.logoff()
    check("a logon naming its user's previous session ends it; another user's does not",
          previous_session_ends)

    def still_serving():
        c2 = SMBConnection(ADDR, ADDR, sess_port=445, preferredDialect=SMB2_DIALECT_21,
                           timeout=20)
        c2.login(USER, PASSWORD)
        names = [x.get_longname() for x in c2.listPath("share", "*")]
        assert "reauth.txt" in names, names
        c2.logoff()
        assert server.poll() is None, "server exited"
    check("the server goes on serving", still_serving)
print(f"reauth: {check.passed} passed, {check.failed} failed")
sys.exit(0 if check.failed == 0 and check.passed > 0 else 1)
