// The SESSION_SETUP exchange end to end: our client against our server (the server side is
// proven against Samba's client in ntlm_test.cpp), and our server against the real client
// tokens of the captures.
#include <gtest/gtest.h>

#include "auth/gss.hpp"
#include "core/utf16.hpp"
#include "unit/auth/capture_tokens.hpp"

using namespace smbkit;
using namespace smbkit::auth;

namespace {
account_lookup one_user(std::string user, std::string password, bool disabled = false) {
    return [=](std::string_view u) -> std::optional<account> {
        if (!iequals_utf8(u, user)) return std::nullopt;
        account a;
        a.name = user;
        a.nt_hash = *nt_hash(password);
        a.disabled = disabled;
        return a;
    };
}

ntlm_server_config server_config() {
    ntlm_server_config c;
    c.netbios_name = "SMBKIT1";
    return c;
}

struct run_result {
    ntstatus status = ntstatus::invalid_parameter;
    const ntlm_logon* logon = nullptr;
    bool client_complete = false;
    bytes client_key;
};

// Drives a whole exchange; the server object must outlive the returned logon pointer.
run_result run(gss_server& server, gss_client& client) {
    run_result out;
    auto token = client.initial(gss_server::initial_token());
    EXPECT_TRUE(token);
    for (int round = 0; round < 4 && token; ++round) {
        auto step = server.accept(*token);
        out.status = step.status;
        if (step.status != ntstatus::more_processing_required) {
            if (step.status == ntstatus::success) {
                auto last = client.step(step.token);
                EXPECT_TRUE(last) << "client refused the final token";
                out.client_complete = client.complete();
            }
            break;
        }
        token = client.step(step.token);
    }
    out.logon = server.logon();
    out.client_key.assign(client.session_key().span().begin(), client.session_key().span().end());
    return out;
}
}  // namespace

TEST(gss, client_and_server_agree_on_the_session_key) {
    for (bool spnego : {true, false}) {
        gss_server server(server_config(), one_user("alice", "s3cret!"));
        ntlm_credentials creds;
        creds.user = "Alice";
        creds.password = "s3cret!";
        creds.workstation = "WS1";
        gss_client client(creds, spnego);
        auto r = run(server, client);
        EXPECT_EQ(r.status, ntstatus::success);
        ASSERT_NE(r.logon, nullptr);
        EXPECT_EQ(r.logon->kind, logon_kind::authenticated);
        EXPECT_EQ(r.logon->account_name, "alice");
        EXPECT_EQ(r.logon->domain, "SMBKIT1");  // the server's domain when the client gave none
        EXPECT_TRUE(r.logon->mic_verified);
        EXPECT_EQ(r.logon->session_key.size(), 16u);
        EXPECT_EQ(to_hex(r.logon->session_key.span()), to_hex(r.client_key));
        EXPECT_TRUE(r.client_complete);
    }
}

TEST(gss, nt_hash_credentials_work) {
    gss_server server(server_config(), one_user("bob", "pw"));
    ntlm_credentials creds;
    creds.user = "bob";
    creds.domain = "ELSEWHERE";
    creds.nt_hash = *nt_hash("pw");
    gss_client client(creds);
    auto r = run(server, client);
    EXPECT_EQ(r.status, ntstatus::success);
    EXPECT_EQ(r.logon->domain, "ELSEWHERE");
}

TEST(gss, wrong_password_unknown_user_disabled) {
    struct c {
        const char* user;
        const char* password;
        bool disabled;
        logon_kind kind;
        ntstatus status;
    } cases[] = {
        {"alice", "wrong", false, logon_kind::wrong_password, ntstatus::logon_failure},
        {"mallory", "s3cret!", false, logon_kind::unknown_user, ntstatus::logon_failure},
        {"alice", "s3cret!", true, logon_kind::account_disabled, ntstatus::account_disabled},
    };
    for (const auto& t : cases) {
        gss_server server(server_config(), one_user("alice", "s3cret!", t.disabled));
        ntlm_credentials creds;
        creds.user = t.user;
        creds.password = t.password;
        gss_client client(creds);
        auto r = run(server, client);
        EXPECT_EQ(r.status, t.status) << t.user;
        ASSERT_NE(r.logon, nullptr);
        EXPECT_EQ(r.logon->kind, t.kind);
        EXPECT_TRUE(r.logon->session_key.empty());
        EXPECT_FALSE(server.guest_token().empty());  // the caller may still map to guest
    }
}

TEST(gss, anonymous) {
    for (bool allowed : {true, false}) {
        auto cfg = server_config();
        cfg.allow_anonymous = allowed;
        gss_server server(cfg, one_user("alice", "x"));
        ntlm_credentials creds;
        creds.anonymous = true;
        gss_client client(creds);
        auto r = run(server, client);
        ASSERT_NE(r.logon, nullptr);
        EXPECT_EQ(r.logon->kind, allowed ? logon_kind::anonymous : logon_kind::unknown_user);
        EXPECT_EQ(r.status, allowed ? ntstatus::success : ntstatus::logon_failure);
        EXPECT_TRUE(r.logon->session_key.empty());
    }
}

TEST(gss, server_answers_real_samba_client_tokens) {
    // The real NegTokenInit of smbclient gets an accept-incomplete with a CHALLENGE; the real
    // AUTHENTICATE then cannot verify (it answers Samba's challenge, not ours): logon failure,
    // and never a crash or a success.
    gss_server server(server_config(), one_user("peer", "peer-Pw.7"));
    auto step = server.accept(capture::token(capture::smb311_sign, 8));
    EXPECT_EQ(step.status, ntstatus::more_processing_required);
    auto resp = decode_spnego(step.token);
    ASSERT_TRUE(resp);
    auto& r = std::get<neg_token_resp>(*resp);
    EXPECT_EQ(r.state, neg_state::accept_incomplete);
    EXPECT_EQ(r.supported_mech, std::string(oid_ntlmssp));
    auto chal = decode_challenge(r.response_token);
    ASSERT_TRUE(chal);
    EXPECT_EQ(chal->target_name, "SMBKIT1");
    auto last = server.accept(capture::token(capture::smb311_sign, 10));
    EXPECT_EQ(last.status, ntstatus::logon_failure);
    // The exchange is over: more tokens are refused.
    EXPECT_EQ(server.accept(capture::token(capture::smb311_sign, 10)).status,
              ntstatus::invalid_parameter);
}

TEST(gss, out_of_order_and_garbage) {
    gss_server server(server_config(), one_user("peer", "peer-Pw.7"));
    // AUTHENTICATE before NEGOTIATE.
    EXPECT_EQ(server.accept(capture::token(capture::smb311_sign, 10)).status,
              ntstatus::invalid_parameter);
    EXPECT_EQ(server.accept(bytes{1, 2, 3}).status, ntstatus::invalid_parameter);
    // A NegTokenInit that offers only Kerberos.
    neg_token_init krb;
    krb.mech_types = {std::string(oid_krb5)};
    gss_server s2(server_config(), one_user("peer", "x"));
    auto step = s2.accept(encode(krb));
    EXPECT_EQ(step.status, ntstatus::logon_failure);
    // Kerberos first, NTLMSSP second, optimistic Kerberos token: the server picks NTLMSSP and
    // asks for its first token.
    neg_token_init both;
    both.mech_types = {std::string(oid_ms_krb5), std::string(oid_ntlmssp)};
    both.mech_token = bytes{0x60, 0x00};
    gss_server s3(server_config(), one_user("peer", "x"));
    step = s3.accept(encode(both));
    EXPECT_EQ(step.status, ntstatus::more_processing_required);
    auto r = std::get<neg_token_resp>(*decode_spnego(step.token));
    EXPECT_TRUE(r.response_token.empty());
    EXPECT_EQ(r.supported_mech, std::string(oid_ntlmssp));
}

TEST(gss, client_rejects_bad_server_mic) {
    gss_server server(server_config(), one_user("alice", "pw"));
    ntlm_credentials creds;
    creds.user = "alice";
    creds.password = "pw";
    gss_client client(creds);
    auto t1 = client.initial(gss_server::initial_token());
    auto s1 = server.accept(*t1);
    auto t2 = client.step(s1.token);
    ASSERT_TRUE(t2);
    auto s2 = server.accept(*t2);
    ASSERT_EQ(s2.status, ntstatus::success);
    auto resp = std::get<neg_token_resp>(*decode_spnego(s2.token));
    ASSERT_EQ(resp.mech_list_mic.size(), 16u);
    resp.mech_list_mic[5] ^= 1;
    EXPECT_EQ(client.step(encode(resp)).error(), ntstatus::logon_failure);
}
