#pragma once

// What the sync benchmarks share: a temporary folder, a real hearth-server child process, a
// transport that counts the bytes it carries, and a stopwatch.

#include "http.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

extern char **environ;

namespace hearth::bench {

namespace fs = std::filesystem;

/// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
public:
    TempDir()
    {
        std::string pattern = (fs::temp_directory_path() / "hearth-bench-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a temporary folder in "
                                     + fs::temp_directory_path().string());
        m_path = pattern;
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    [[nodiscard]] const fs::path &path() const noexcept { return m_path; }

private:
    fs::path m_path;
};

/// hearth-server in its own process on 127.0.0.1 and a free port, stopped with SIGTERM when this
/// goes out of scope. Its JSON log goes to `logFile` (or /dev/null).
class ServerProcess {
public:
    ServerProcess(const std::string &binary, const fs::path &dataDir, std::vector<std::string> extra = {},
                  const std::string &logFile = "/dev/null")
    {
        int out[2];
        if (pipe(out) != 0)
            throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        posix_spawn_file_actions_addclose(&actions, out[1]);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, logFile.c_str(),
                                         O_WRONLY | O_CREAT | O_APPEND, 0644);
        std::vector<std::string> args = {binary, "--port", "0", "--data-dir", dataDir.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char *> argv;
        for (auto &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const int spawned = posix_spawn(&m_pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(out[1]);
        if (spawned != 0) {
            close(out[0]);
            throw std::runtime_error("cannot start " + binary + ": " + std::strerror(spawned));
        }
        // One line, "listening on 127.0.0.1:PORT".
        std::string line;
        char c;
        while (read(out[0], &c, 1) == 1 && c != '\n')
            line += c;
        close(out[0]);
        const std::string prefix = "listening on ";
        if (line.rfind(prefix, 0) != 0) {
            stop();
            throw std::runtime_error(binary + " did not start (it printed \"" + line + "\")");
        }
        m_address = line.substr(prefix.size());
    }
    ~ServerProcess() { stop(); }
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    [[nodiscard]] std::string url() const { return "http://" + m_address; }
    [[nodiscard]] pid_t pid() const noexcept { return m_pid; }

    void stop()
    {
        if (m_pid <= 0)
            return;
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
    }

private:
    pid_t m_pid = -1;
    std::string m_address;
};

/// A transport that counts requests and the bytes of their bodies, both ways (HTTP headers are
/// left out: they are about 200 bytes a request either way).
class CountingTransport final : public sync::Transport {
public:
    explicit CountingTransport(sync::Transport &inner) : m_inner(inner) {}

    sync::HttpResponse send(const sync::HttpRequest &request) override
    {
        sync::HttpResponse response = m_inner.send(request);
        ++requests;
        sent += request.body.size();
        received += response.body.size();
        return response;
    }
    void reset() { requests = sent = received = 0; }

    std::size_t requests = 0;
    std::size_t sent = 0;
    std::size_t received = 0;

private:
    sync::Transport &m_inner;
};

/// CPU seconds (user + system) this process has used so far.
inline double selfCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec)
           + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// CPU seconds (user + system) another process has used so far, from /proc/PID/stat (in clock
/// ticks, 10 ms here).
inline double processCpuSeconds(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the command name, which is in parentheses and may hold spaces.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14)
            utime = std::stoll(field);
        if (i == 15)
            stime = std::stoll(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

class Stopwatch {
public:
    Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
    [[nodiscard]] double seconds() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start;
};

} // namespace hearth::bench
