// smbkit passwd: add, change, disable, enable or delete a user of the smbpasswd file, the way
// Samba's smbpasswd does it as root.
#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "auth/smbpasswd.hpp"
#include "cli/command.hpp"
#include "config/settings.hpp"
#include "config/smb_conf.hpp"

namespace smbkit::cli {
namespace {

struct passwd_options {
    std::string user;
    std::string file;
    std::string config_path;
    bool from_stdin = false;
    bool add = false;
    bool remove = false;
    bool disable = false;
    bool enable = false;
    bool no_password = false;
    std::optional<std::uint32_t> uid;
};

// Reads one line without its newline; false at end of input.
bool read_line(std::FILE* in, std::string& line) {
    line.clear();
    int c;
    bool any = false;
    while ((c = std::fgetc(in)) != EOF) {
        any = true;
        if (c == '\n') return true;
        line.push_back(static_cast<char>(c));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return any;
}

// Prompts on the terminal with echo off.
std::optional<std::string> ask_terminal(std::FILE* tty, const char* prompt) {
    int fd = ::fileno(tty);
    termios old {};
    bool restore = ::tcgetattr(fd, &old) == 0;
    if (restore) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    std::string line;
    bool ok = read_line(tty, line);
    if (restore) ::tcsetattr(fd, TCSAFLUSH, &old);
    if (!ok) return std::nullopt;
    return line;
}

// The new password: from the terminal, asked twice; or with -s from stdin, one line (a second
// line, as smbpasswd -s reads, must repeat it).
std::optional<std::string> new_password(const passwd_options& o, std::string& error) {
    if (o.from_stdin) {
        std::string first, second;
        if (!read_line(stdin, first)) {
            error = "no password on standard input";
            return std::nullopt;
        }
        if (read_line(stdin, second) && second != first) {
            error = "the two passwords on standard input do not match";
            return std::nullopt;
        }
        return first;
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> tty(std::fopen("/dev/tty", "r+"), std::fclose);
    if (!tty) {
        error = "no terminal to ask for the password; use -s to read it from standard input";
        return std::nullopt;
    }
    auto a = ask_terminal(tty.get(), "New SMB password:");
    auto b = a ? ask_terminal(tty.get(), "Retype new SMB password:") : std::nullopt;
    if (!a || !b) {
        error = "no password entered";
        return std::nullopt;
    }
    if (*a != *b) {
        error = "mismatch - password unchanged";
        return std::nullopt;
    }
    return a;
}

std::expected<std::string, std::string> passwd_file(const passwd_options& o) {
    if (!o.file.empty()) return o.file;
    config::smb_conf conf;
    if (!o.config_path.empty()) {
        auto loaded = config::smb_conf::load(o.config_path);
        if (!loaded) return std::unexpected(loaded.error());
        conf = std::move(*loaded);
    }
    auto g = config::read_global(conf);
    if (!g) return std::unexpected(g.error());
    return g->smb_passwd_file;
}

// Serialises concurrent edits: the file itself is replaced by rename, so the lock lives on a
// companion file.
struct file_lock {
    int fd = -1;
    ~file_lock() {
        if (fd >= 0) ::close(fd);
    }
};

int run(const passwd_options& o) {
    int actions = o.remove + o.disable + o.enable + o.no_password;
    if (actions > 1 || (o.add && (o.remove || o.disable || o.enable))) {
        std::cerr << "smbkit passwd: -a, -x, -d, -e and -n cannot be combined that way\n";
        return exit_usage;
    }
    auto path = passwd_file(o);
    if (!path) {
        std::cerr << "smbkit passwd: " << path.error() << "\n";
        return exit_usage;
    }
    std::error_code ec;
    auto dir = std::filesystem::path(*path).parent_path();
    if (!dir.empty() && !std::filesystem::exists(dir, ec)) {
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            std::cerr << "smbkit passwd: cannot create " << dir.string() << ": " << ec.message()
                      << "\n";
            return exit_io;
        }
        ::chmod(dir.c_str(), 0700);  // a private dir, as Samba keeps it
    }
    file_lock lock{::open((*path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)};
    if (lock.fd < 0 || ::flock(lock.fd, LOCK_EX) != 0) {
        std::cerr << "smbkit passwd: cannot lock " << *path << ".lock: " << std::strerror(errno)
                  << "\n";
        return exit_io;
    }
    auto db = auth::smbpasswd_db::load(*path, true);
    if (!db) {
        std::cerr << "smbkit passwd: " << db.error() << "\n";
        return exit_io;
    }
    const auto* existing = db->find(o.user);
    std::string name = existing ? existing->name : o.user;
    auto now = static_cast<std::uint32_t>(std::time(nullptr));
    std::string done;

    if (o.remove || o.disable || o.enable) {
        if (!existing) {
            std::cerr << "smbkit passwd: no user '" << o.user << "' in " << *path << "\n";
            return exit_failure;
        }
        if (o.remove) {
            db->remove(name);
            done = "Deleted user " + name + ".";
        } else {
            db->set_disabled(name, o.disable);
            done = (o.disable ? "Disabled user " : "Enabled user ") + name + ".";
        }
    } else {
        if (!existing && !o.add) {
            std::cerr << "smbkit passwd: no user '" << o.user << "' in " << *path
                      << "; use -a to add it\n";
            return exit_failure;
        }
        std::uint32_t uid = 0;
        if (!existing) {
            if (o.uid) {
                uid = *o.uid;
            } else if (auto* pw = ::getpwnam(o.user.c_str())) {
                uid = pw->pw_uid;
            } else {
                std::cerr << "smbkit passwd: there is no Unix user '" << o.user
                          << "'; create it or give its --uid\n";
                return exit_usage;
            }
        }
        if (o.no_password) {
            if (!existing) db->set_password(name, uid, "", now);
            db->set_no_password(name, now);
        } else {
            std::string error;
            auto pw = new_password(o, error);
            if (!pw) {
                std::cerr << "smbkit passwd: " << error << "\n";
                return exit_failure;
            }
            bool ok = db->set_password(name, uid, *pw, now);
            std::fill(pw->begin(), pw->end(), '\0');
            if (!ok) {
                std::cerr << "smbkit passwd: the password is not valid UTF-8\n";
                return exit_usage;
            }
        }
        done = existing ? "Changed password for user " + name + "." : "Added user " + name + ".";
    }
    auto saved = db->save(*path);
    if (!saved) {
        std::cerr << "smbkit passwd: " << saved.error() << "\n";
        return exit_io;
    }
    std::cout << done << "\n";
    return exit_ok;
}

const bool registered = add_command({
    "passwd", "Add, change, disable or delete a user of the smbpasswd file, like smbpasswd", 60,
    [](CLI::App& app) -> runner {
        auto o = std::make_shared<passwd_options>();
        app.add_option("USER", o->user, "User name")->required();
        app.add_option("--file", o->file,
                       "smbpasswd file to edit (default: 'smb passwd file' of the config, "
                       "else /var/lib/smbkit/private/smbpasswd)");
        app.add_option("-c,--config", o->config_path, "smb.conf whose 'smb passwd file' to use");
        app.add_flag("-s", o->from_stdin,
                     "Read the new password from standard input (one line, or the same line "
                     "twice) instead of asking on the terminal");
        app.add_flag("-a", o->add, "Add the user if it is not in the file yet");
        app.add_flag("-x", o->remove, "Delete the user");
        app.add_flag("-d", o->disable, "Disable the user (it can no longer log on)");
        app.add_flag("-e", o->enable, "Enable a disabled user");
        app.add_flag("-n", o->no_password, "Set no password: the user logs on with an empty one");
        app.add_option("--uid", o->uid,
                       "Unix uid to record for a new user (default: that of the Unix user of "
                       "the same name)");
        app.footer(
            "Examples:\n"
            "  smbkit passwd -a alice                    add alice, asking for her password\n"
            "  echo 'Secret-1' | smbkit passwd -s -a bob --uid 1001 --file ./smbpasswd\n"
            "  smbkit passwd -d alice                    disable alice\n"
            "  smbkit passwd -x bob -c /etc/smbkit/smb.conf\n"
            "The file is Samba's smbpasswd format: Samba's pdbedit reads it, and a file written\n"
            "by 'smbpasswd -a' works here unchanged. It is rewritten atomically with mode 0600.");
        return [o] { return run(*o); };
    }});

}  // namespace
}  // namespace smbkit::cli
