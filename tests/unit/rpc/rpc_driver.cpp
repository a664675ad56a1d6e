// A line protocol onto rpc::pipe, so that real DCE/RPC client stacks (impacket, in
// tests/interop/rpc_impacket_test.sh, which finds this program through SMBKIT_RPC_DRIVER) can
// bind and call through our pipe. Reads commands on descriptor IN and answers on OUT:
//   rpc_driver IN_FD OUT_FD
//   OPEN <pipe> <admin 0|1> <anonymous 0|1> <extra shares>  -> OK | ERR <status>
//   WRITE <hex>                                            -> OK | ERR <status>
//   READ <max>                                             -> DATA <more 0|1> <hex> | ERR <status>
//   TRANSCEIVE <max> <hex>                                 -> DATA <more 0|1> <hex> | ERR <status>
//   QUIT
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

#include "rpc/pipe.hpp"

namespace smbkit::rpc {
namespace {

context driver_context(bool admin, bool anonymous, int extra) {
    context ctx;
    ctx.netbios_name = "PEER8";
    ctx.workgroup = "PEERWG";
    ctx.server_comment = "smbkit server";
    ctx.administrator = admin;
    ctx.anonymous = anonymous;
    ctx.session_count = [] { return 2u; };
    ctx.shares = [extra] {
        std::vector<share_entry> v{
            {"data", stype_disktree, "Data share", "/srv/data", 0xFFFFFFFF, 1},
            {"pub", stype_disktree, "", "/srv/pub", 25, 0},
            {"laser", stype_printq, "Laser printer", "/var/spool/laser", 0xFFFFFFFF, 0},
        };
        for (int i = 0; i < extra; ++i)
            v.push_back({"extra" + std::to_string(i), stype_disktree,
                         "extra share number " + std::to_string(i), "/srv/extra", 0xFFFFFFFF, 0});
        v.push_back({"IPC$", stype_ipc, "IPC Service (smbkit server)", "", 0xFFFFFFFF, 1});
        return v;
    };
    return ctx;
}

std::string answer(const result<pipe_output>& r) {
    if (!r) return "ERR " + ntstatus_string(r.error());
    return std::string("DATA ") + (r->more_data ? "1 " : "0 ") +
           (r->data.empty() ? "-" : to_hex(r->data));
}

int serve(FILE* in, FILE* out) {
    std::unique_ptr<pipe> p;
    char* line = nullptr;
    std::size_t cap = 0;
    while (getline(&line, &cap, in) > 0) {
        std::istringstream s(line);
        std::string cmd;
        s >> cmd;
        std::string reply;
        if (cmd == "OPEN") {
            std::string name;
            int admin = 0, anonymous = 0, extra = 0;
            s >> name >> admin >> anonymous >> extra;
            auto opened = pipe::open(name, driver_context(admin, anonymous, extra));
            reply = opened ? "OK" : "ERR " + ntstatus_string(opened.error());
            if (opened) p = std::move(*opened);
        } else if (!p) {
            reply = "ERR no pipe";
        } else if (cmd == "WRITE") {
            std::string h;
            s >> h;
            auto w = p->write(from_hex(h));
            reply = w ? "OK" : "ERR " + ntstatus_string(w.error());
        } else if (cmd == "READ") {
            std::size_t max = 0;
            s >> max;
            reply = answer(p->read(max));
        } else if (cmd == "TRANSCEIVE") {
            std::size_t max = 0;
            std::string h;
            s >> max >> h;
            reply = answer(p->transceive(from_hex(h), max));
        } else if (cmd == "QUIT") {
            break;
        } else {
            reply = "ERR unknown command";
        }
        std::fprintf(out, "%s\n", reply.c_str());
        std::fflush(out);
    }
    std::free(line);
    std::fclose(in);
    std::fclose(out);
    return 0;
}

}  // namespace
}  // namespace smbkit::rpc

int main(int argc, char** argv) {
    int in_fd = -1, out_fd = -1;
    if (argc != 3 || std::sscanf(argv[1], "%d", &in_fd) != 1 || std::sscanf(argv[2], "%d", &out_fd) != 1) {
        std::fprintf(stderr, "usage: rpc_driver IN_FD OUT_FD\n");
        return 2;
    }
    FILE* in = fdopen(in_fd, "r");
    FILE* out = fdopen(out_fd, "w");
    if (!in || !out) {
        std::perror("rpc_driver: fdopen");
        return 2;
    }
    return smbkit::rpc::serve(in, out);
}
