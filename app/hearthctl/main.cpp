// hearthctl: the profile from a terminal, over core alone (no Qt). See docs/hearthctl.md.
#include "clock.h"
#include "contentlibrary.h"
#include "demo.h"
#include "entity.h"
#include "errors.h"
#include "curltransport.h"
#include "exporter.h"
#include "ritualbook.h"
#include "schedule.h"
#include "store.h"
#include "syncclient.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace hearth;
using nlohmann::json;

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

constexpr const char *kUsage = R"(hearthctl: Hearth's rituals from a terminal.

Usage: hearthctl [--data-dir DIR] [--json] COMMAND [ARGS...]

Options (anywhere on the line):
  --data-dir DIR   the profile folder (default $XDG_DATA_HOME/hearth, or ~/.local/share/hearth,
                   the same as the app); the profile is DIR/profile.db
  --json           list commands print JSON; the others print a JSON summary
  -h, --help       this help

Commands:
  init --name N --tz ZONE --partner-name N --partner-tz ZONE
                   set up a new profile: you and your partner, each with an IANA time zone
  demo [--days N] [--seed S]
                   fill an EMPTY profile with the demo couple Maya (Europe/Lisbon, this device)
                   and Jonas (America/Toronto): seven rituals and N days of history (default 90,
                   0..3650); the same seed gives the same history (default 1)
  rituals [--all]  list the rituals: id, title, status and schedule (--all: archived ones too)
  upcoming [--days N]
                   the occurrences of the next N days (default 7, 1..366), in your time and
                   your partner's where it differs, with the ritual id and local start that
                   `done` and `skip` take
  templates        the ritual templates of the content library
  add --template ID [--start YYYY-MM-DD] [--time HH:MM]
                   add a ritual from a template, from the given day (default today) at the
                   given time (default the template's), in your time zone
  done RITUAL_ID LOCAL_START [--note TEXT] [--rating 1-5]
                   mark an occurrence done; LOCAL_START is "YYYY-MM-DDTHH:MM" as `upcoming`
                   shows it; RITUAL_ID may be shortened to a unique prefix (4+ characters)
  skip RITUAL_ID LOCAL_START [--reason TEXT]
                   skip an occurrence
  export-json FILE write the whole profile, losslessly, as JSON (FILE "-" = standard output)
  import-json FILE read an export into an EMPTY profile (FILE "-" = standard input)
  export-ics FILE [RITUAL_ID...]
                   write an iCalendar file of the given rituals (default: all active ones)

Sync (docs/protocol.md; the server is `hearth-server`):
  create-space --server URL [--device-name N]
                   register this profile's space on a server, with this device as its first,
                   and push everything written so far
  invite [--device]
                   print an invite code for your partner (or, with --device, for another device
                   of yours); valid for 24 hours, once
  join CODE --server URL [--device-name N]
                   join the space an invite code leads to; this profile's rituals move along
  sync [--wait S]  push what is new here and pull what is new there; --wait: wait up to S
                   seconds (0..30) on the server for something new first
  sync-status      the server, the space, this device, the cursor and changes not yet sent
  devices          the devices of the space, with their last sync
  remove-device DEVICE_ID
                   remove a device from the space; its token stops working at once, and the
                   keys it had are replaced for the devices that remain
  leave --yes      leave the couple's space: this profile keeps what was shared until now as a
                   read-only copy, your partner keeps theirs, and nothing new flows either way
  help             this help

Exit status: 0 on success, 1 when the command failed (the reason is on standard error; the
profile is unchanged), 2 for a usage error. HEARTH_NOW (milliseconds since the epoch) fixes
the clock, for tests.
)";

/// A command line that does not follow the usage: exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One command: its usage line, options with a value, flags, and how many positionals.
struct CommandSpec {
    std::string usage;
    std::set<std::string> valued;
    std::set<std::string> flags;
    std::size_t minArgs = 0;
    std::size_t maxArgs = 0;
};

const std::map<std::string, CommandSpec> &commands()
{
    static const std::map<std::string, CommandSpec> all = {
        {"init",
         {"init --name N --tz ZONE --partner-name N --partner-tz ZONE",
          {"name", "tz", "partner-name", "partner-tz"}, {}, 0, 0}},
        {"demo", {"demo [--days N] [--seed S]", {"days", "seed"}, {}, 0, 0}},
        {"rituals", {"rituals [--all]", {}, {"all"}, 0, 0}},
        {"upcoming", {"upcoming [--days N]", {"days"}, {}, 0, 0}},
        {"templates", {"templates", {}, {}, 0, 0}},
        {"add",
         {"add --template ID [--start YYYY-MM-DD] [--time HH:MM]", {"template", "start", "time"},
          {}, 0, 0}},
        {"done",
         {"done RITUAL_ID LOCAL_START [--note TEXT] [--rating 1-5]", {"note", "rating"}, {}, 2, 2}},
        {"skip", {"skip RITUAL_ID LOCAL_START [--reason TEXT]", {"reason"}, {}, 2, 2}},
        {"export-json", {"export-json FILE", {}, {}, 1, 1}},
        {"import-json", {"import-json FILE", {}, {}, 1, 1}},
        {"export-ics", {"export-ics FILE [RITUAL_ID...]", {}, {}, 1, 1000}},
        {"create-space",
         {"create-space --server URL [--device-name N]", {"server", "device-name"}, {}, 0, 0}},
        {"invite", {"invite [--device]", {}, {"device"}, 0, 0}},
        {"join", {"join CODE --server URL [--device-name N]", {"server", "device-name"}, {}, 1, 1}},
        {"sync", {"sync [--wait S]", {"wait"}, {}, 0, 0}},
        {"sync-status", {"sync-status", {}, {}, 0, 0}},
        {"devices", {"devices", {}, {}, 0, 0}},
        {"remove-device", {"remove-device DEVICE_ID", {}, {}, 1, 1}},
        {"leave", {"leave --yes", {}, {"yes"}, 0, 0}},
        {"help", {"help", {}, {}, 0, 0}},
    };
    return all;
}

/// The parsed command line.
struct Invocation {
    std::string command;
    std::vector<std::string> args;
    std::map<std::string, std::string> options;
    std::set<std::string> flags;
    std::string dataDir;
    bool json = false;
    bool help = false;

    [[nodiscard]] std::optional<std::string> option(const std::string &name) const
    {
        auto it = options.find(name);
        return it == options.end() ? std::nullopt : std::optional(it->second);
    }
    [[nodiscard]] std::string required(const std::string &name) const
    {
        auto value = option(name);
        if (!value)
            throw UsageError("`" + command + "` needs --" + name + " (usage: hearthctl "
                             + commands().at(command).usage + ")");
        return *value;
    }
};

Invocation parse(const std::vector<std::string> &argv)
{
    // Every option takes a value or none, whatever the command: the line parses before the
    // command is known, then each command checks that it was given only its own options.
    static const std::set<std::string> valued = {"data-dir", "name",  "tz",    "partner-name",
                                                 "partner-tz", "days", "seed",  "template",
                                                 "start",    "time",  "note",  "rating",
                                                 "reason", "server", "device-name", "wait"};
    static const std::set<std::string> flags = {"json", "all", "help", "device", "yes"};
    Invocation inv;
    std::vector<std::pair<std::string, bool>> seen; // option, has value
    bool onlyPositionals = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string &a = argv[i];
        if (onlyPositionals || a.size() < 2 || a[0] != '-' || a == "-") {
            if (inv.command.empty())
                inv.command = a;
            else
                inv.args.push_back(a);
            continue;
        }
        if (a == "--") {
            onlyPositionals = true;
            continue;
        }
        if (a == "-h") {
            inv.help = true;
            continue;
        }
        if (a.rfind("--", 0) != 0)
            throw UsageError("unknown option " + a);
        std::string name = a.substr(2);
        std::optional<std::string> value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        if (flags.contains(name)) {
            if (value)
                throw UsageError("--" + name + " takes no value");
            if (name == "json")
                inv.json = true;
            else if (name == "help")
                inv.help = true;
            else
                inv.flags.insert(name);
            seen.emplace_back(name, false);
            continue;
        }
        if (!valued.contains(name))
            throw UsageError("unknown option --" + name);
        if (!value) {
            if (i + 1 >= argv.size())
                throw UsageError("--" + name + " needs a value");
            value = argv[++i];
        }
        if (name == "data-dir")
            inv.dataDir = *value;
        else if (!inv.options.emplace(name, *value).second)
            throw UsageError("--" + name + " is given twice");
        seen.emplace_back(name, true);
    }
    if (inv.help || inv.command == "help")
        return inv;
    if (inv.command.empty())
        throw UsageError("no command given");
    auto spec = commands().find(inv.command);
    if (spec == commands().end())
        throw UsageError("unknown command \"" + inv.command + "\"");
    for (const auto &[name, hasValue] : seen) {
        if (name == "data-dir" || name == "json")
            continue;
        const bool allowed = hasValue ? spec->second.valued.contains(name)
                                      : spec->second.flags.contains(name);
        if (!allowed)
            throw UsageError("`" + inv.command + "` takes no --" + name + " (usage: hearthctl "
                             + spec->second.usage + ")");
    }
    const auto n = inv.args.size();
    if (n < spec->second.minArgs || n > spec->second.maxArgs)
        throw UsageError((n < spec->second.minArgs ? "missing arguments" : "too many arguments")
                         + std::string(" (usage: hearthctl ") + spec->second.usage + ")");
    return inv;
}

int integerOption(const Invocation &inv, const std::string &name, int fallback)
{
    auto text = inv.option(name);
    if (!text)
        return fallback;
    int value = 0;
    const char *end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc() || ptr != end)
        throw UsageError("--" + name + " takes a whole number, not \"" + *text + "\"");
    return value;
}

std::uint64_t seedOption(const Invocation &inv)
{
    auto text = inv.option("seed");
    if (!text)
        return 1;
    std::uint64_t value = 0;
    const char *end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc() || ptr != end)
        throw UsageError("--seed takes a whole number, not \"" + *text + "\"");
    return value;
}

fs::path defaultDataDir()
{
    if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
        return fs::path(xdg) / "hearth";
    if (const char *home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share" / "hearth";
    throw Error("Neither XDG_DATA_HOME nor HOME is set; pass --data-dir DIR.");
}

/// HEARTH_NOW, when set: the fixed time tests run at.
std::optional<Millis> fixedNow()
{
    const char *env = std::getenv("HEARTH_NOW");
    if (!env || !*env)
        return std::nullopt;
    Millis value = 0;
    const char *end = env + std::strlen(env);
    auto [ptr, ec] = std::from_chars(env, end, value);
    if (ec != std::errc() || ptr != end || value < 0)
        throw UsageError("HEARTH_NOW must be milliseconds since the epoch, not \""
                         + std::string(env) + "\"");
    return value;
}

std::size_t width(std::string_view s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// Prints rows as left-aligned columns, two spaces apart, the last column unpadded.
void printTable(const std::vector<std::vector<std::string>> &rows)
{
    if (rows.empty())
        return;
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto &row : rows)
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], width(row[i]));
    for (const auto &row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(widths[i] - width(row[i]) + 2, ' ');
        }
        std::cout << line << '\n';
    }
}

/// "Wed" for a "YYYY-MM-DD..." text.
std::string weekdayName(const std::string &localIso)
{
    using namespace std::chrono;
    static constexpr const char *names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    const year_month_day ymd{year{std::stoi(localIso.substr(0, 4))},
                             month{static_cast<unsigned>(std::stoi(localIso.substr(5, 2)))},
                             day{static_cast<unsigned>(std::stoi(localIso.substr(8, 2)))}};
    return names[weekday{sys_days{ymd}}.c_encoding()];
}

std::string readFile(const std::string &path)
{
    if (path == "-") {
        std::ostringstream all;
        all << std::cin.rdbuf();
        return all.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("Cannot read " + path + ": " + std::strerror(errno) + ".");
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

/// Writes through a temporary file and a rename, so a failed write never leaves half a file.
void writeFile(const std::string &path, const std::string &content)
{
    if (path == "-") {
        std::cout << content;
        return;
    }
    const fs::path tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("Cannot write " + path + ": " + std::strerror(errno) + ".");
        out << content;
        out.close();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw Error("Cannot write " + path + ": the disk may be full.");
        }
    }
    fs::rename(tmp, path);
}

json scheduleJson(const Schedule &s)
{
    return {{"rrule", s.rrule},
            {"startLocal", s.startLocal},
            {"timeZone", s.timeZone},
            {"durationMinutes", s.durationMinutes}};
}

std::string describeOrRule(const Schedule &s)
{
    try {
        return describe(s);
    } catch (const ValidationError &) {
        return "RRULE:" + s.rrule + " from " + s.startLocal;
    }
}

/// The program: one command against one profile folder.
class Hearthctl {
public:
    explicit Hearthctl(Invocation inv) : m_inv(std::move(inv))
    {
        m_dir = m_inv.dataDir.empty() ? defaultDataDir() : fs::path(m_inv.dataDir);
        m_file = m_dir / "profile.db";
    }

    int run()
    {
        static const std::map<std::string, void (Hearthctl::*)()> handlers = {
            {"init", &Hearthctl::init},
            {"demo", &Hearthctl::demo},
            {"rituals", &Hearthctl::listRituals},
            {"upcoming", &Hearthctl::upcoming},
            {"templates", &Hearthctl::templates},
            {"add", &Hearthctl::add},
            {"done", &Hearthctl::done},
            {"skip", &Hearthctl::skip},
            {"export-json", &Hearthctl::exportJson},
            {"import-json", &Hearthctl::importJson},
            {"export-ics", &Hearthctl::exportCalendar},
            {"create-space", &Hearthctl::createSpace},
            {"invite", &Hearthctl::invite},
            {"join", &Hearthctl::join},
            {"sync", &Hearthctl::syncOnce},
            {"sync-status", &Hearthctl::syncStatus},
            {"devices", &Hearthctl::devices},
            {"remove-device", &Hearthctl::removeDevice},
            {"leave", &Hearthctl::leave},
        };
        (this->*handlers.at(m_inv.command))();
        return 0;
    }

    /// Removes what a failed init, demo or import created.
    void undoCreation() noexcept
    {
        m_sync.reset();
        m_book.reset();
        m_store.reset();
        if (!m_created)
            return;
        std::error_code ec;
        for (const char *suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(fs::path(m_file.string() + suffix), ec);
        if (m_createdDir)
            fs::remove(m_dir, ec);
    }

private:
    /// Opens the profile, which must exist (commands that read or edit one).
    RitualBook &open()
    {
        if (!fs::exists(m_file))
            throw Error("There is no profile in " + m_dir.string()
                        + " yet: run `hearthctl init` or `hearthctl demo` first.");
        return openOrCreate(false);
    }

    /// Opens the profile, creating it when missing (init, demo, import-json). When the command
    /// then fails, the files it created are removed again: a failed command leaves nothing.
    RitualBook &openOrCreate(bool manualClock)
    {
        m_created = !fs::exists(m_file);
        m_createdDir = !fs::exists(m_dir);
        const auto fixed = fixedNow();
        if (fixed || manualClock) {
            auto clock = std::make_unique<ManualClock>(fixed.value_or(SystemClock().nowMs()));
            m_manual = clock.get();
            m_clock = std::move(clock);
        } else {
            m_clock = std::make_unique<SystemClock>();
        }
        m_store = std::make_unique<Store>(m_file, *m_clock, m_random);
        m_book = std::make_unique<RitualBook>(*m_store);
        return *m_book;
    }

    [[nodiscard]] Millis now() const { return m_clock->nowMs(); }

    void say(const std::string &text, json summary)
    {
        if (m_inv.json)
            std::cout << summary.dump(2) << '\n';
        else
            std::cout << text << '\n';
    }

    static ContentLibrary content() { return ContentLibrary::loadDefault(); }

    /// A ritual by its id or a unique prefix of it (at least 4 characters).
    Ritual resolve(RitualBook &book, const std::string &idOrPrefix)
    {
        if (auto r = book.ritual(idOrPrefix))
            return *r;
        std::vector<Ritual> matches;
        if (idOrPrefix.size() >= 4)
            for (Ritual &r : book.rituals(true))
                if (r.id.rfind(idOrPrefix, 0) == 0)
                    matches.push_back(std::move(r));
        if (matches.size() > 1)
            throw ValidationError("ritual", "\"" + idOrPrefix
                                                + "\" is the start of several ritual ids; give "
                                                  "more of it.");
        if (matches.empty())
            throw ValidationError("ritual", "No ritual has the id \"" + idOrPrefix
                                                + "\" (`hearthctl rituals` lists them).");
        return matches.front();
    }

    /// Runs `edit`, saying which occurrences the ritual has when LOCAL_START is not one of them.
    static void explained(const Ritual &r, const std::string &localStart,
                          const std::function<void()> &edit)
    {
        try {
            edit();
        } catch (const ValidationError &e) {
            if (e.field() != "localStart")
                throw;
            throw ValidationError("LOCAL_START", "\"" + localStart + "\" is not an occurrence of \""
                                                     + r.title + "\" (" + describeOrRule(r.schedule)
                                                     + ", " + r.schedule.timeZone
                                                     + "); give it as YYYY-MM-DDTHH:MM, as "
                                                       "`hearthctl upcoming` shows it.");
        }
    }

    static std::string localStartArg(std::string text)
    {
        if (text.size() == 16 && text[10] == ' ')
            text[10] = 'T';
        return text;
    }

    /// The sync client of the open profile, over the given server or the one it paired with.
    sync::SyncClient &syncClient(const std::optional<std::string> &server = std::nullopt)
    {
        RitualBook &book = open();
        (void)book;
        std::string url = server.value_or(m_store->meta("sync.server").value_or(""));
        if (url.empty())
            throw ValidationError("sync", "This profile is not connected to a server yet: run "
                                          "`hearthctl create-space --server URL` or `hearthctl "
                                          "join CODE --server URL`.");
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
            throw ValidationError("--server", "Give the server as a URL, like http://127.0.0.1:8787.");
        m_transport = std::make_unique<sync::CurlTransport>(url);
        m_sync = std::make_unique<sync::SyncClient>(*m_store, *m_transport);
        return *m_sync;
    }

    std::string deviceName() const
    {
        if (auto name = m_inv.option("device-name"))
            return *name;
        const char *host = std::getenv("HOSTNAME");
        return host && *host ? std::string(host) : std::string("hearthctl");
    }

    void createSpace()
    {
        const std::string server = m_inv.required("server");
        sync::SyncClient &client = syncClient(server);
        client.createSpace(server, deviceName());
        const sync::SyncStatus s = client.status();
        say("Created the space " + s.space + " on " + server
                + " and sent everything written here so far. Invite your partner with "
                  "`hearthctl invite`.",
            {{"space", s.space}, {"device", s.device}, {"server", server}});
    }

    void invite()
    {
        const bool device = m_inv.flags.contains("device");
        const std::string code = syncClient().invite(device ? "device" : "partner");
        say(code, {{"code", code}, {"role", device ? "device" : "partner"}, {"validHours", 24}});
    }

    void join()
    {
        const std::string server = m_inv.required("server");
        sync::SyncClient &client = syncClient(server);
        client.join(server, m_inv.args.at(0), deviceName());
        const Profile p = m_book->profile();
        say("Joined " + p.space.name + " on " + server + ": you are " + p.me.name + " ("
                + p.me.timeZone + "), your partner is " + p.partner.name + " ("
                + p.partner.timeZone + ").",
            {{"space", p.space.id}, {"member", p.me.id}, {"partner", p.partner.name},
             {"partnerTimeZone", p.partner.timeZone}});
    }

    void syncOnce()
    {
        const int wait = integerOption(m_inv, "wait", 0);
        if (wait < 0 || wait > 30)
            throw ValidationError("--wait", "Wait from 0 to 30 seconds.");
        sync::SyncClient &client = syncClient();
        sync::SyncReport report;
        report.pushed = client.push();
        const sync::SyncReport pulled = client.pull(wait);
        report.pulled = pulled.pulled;
        report.merged = pulled.merged;
        say("Sent " + std::to_string(report.pushed) + " change(s), received "
                + std::to_string(report.pulled) + " (" + std::to_string(report.merged)
                + " new here).",
            {{"pushed", report.pushed}, {"pulled", report.pulled}, {"merged", report.merged}});
    }

    void syncStatus()
    {
        RitualBook &book = open();
        (void)book;
        // The state is local: no request goes out.
        struct Offline final : sync::Transport {
            sync::HttpResponse send(const sync::HttpRequest &) override
            {
                throw sync::TransportError("sync-status sends no request");
            }
        } offline;
        const sync::SyncStatus s = sync::SyncClient(*m_store, offline).status();
        const json summary = {{"paired", s.paired}, {"server", s.server}, {"space", s.space},
                              {"device", s.device}, {"member", s.member}, {"role", s.role},
                              {"cursor", s.cursor}, {"pending", s.pending},
                              {"lastSyncMs", s.lastSyncMs}};
        if (!s.paired) {
            say("Not connected to a server. " + std::to_string(s.pending)
                    + " change(s) written here so far.",
                summary);
            return;
        }
        say("Server " + s.server + ", space " + s.space + ", this device " + s.device + " ("
                + s.role + "); " + std::to_string(s.pending) + " change(s) not yet sent; cursor "
                + std::to_string(s.cursor) + ".",
            summary);
    }

    void devices()
    {
        sync::SyncClient &client = syncClient();
        const auto list = client.devices();
        const std::string me = m_store->deviceId();
        if (m_inv.json) {
            json out = json::array();
            for (const auto &d : list)
                out.push_back({{"id", d.id}, {"member", d.member}, {"role", d.role},
                               {"name", d.name}, {"created", d.created}, {"lastSeen", d.lastSeen},
                               {"removed", d.removed}, {"thisDevice", d.id == me}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows{{"ID", "NAME", "ROLE", "STATUS"}};
        for (const auto &d : list)
            rows.push_back({d.id, d.name + (d.id == me ? " (this device)" : ""), d.role,
                            d.removed ? "removed" : "active"});
        printTable(rows);
    }

    void removeDevice()
    {
        const std::string id = m_inv.args.at(0);
        syncClient().removeDevice(id);
        say("Removed the device " + id + "; it can no longer sync with this space.",
            {{"removed", id}});
    }

    void leave()
    {
        if (!m_inv.flags.contains("yes"))
            throw UsageError("`leave` cannot be undone: this profile becomes a read-only copy and "
                             "nothing new flows between you and your partner. Add --yes to leave.");
        syncClient().leave();
        say("You left the space. This profile keeps what was shared until now, read-only; your "
            "partner keeps their copy; nothing new flows either way.",
            {{"left", true}});
    }

    void init()
    {
        const ProfileDraft draft{m_inv.required("name"), m_inv.required("tz"),
                                 m_inv.required("partner-name"), m_inv.required("partner-tz")};
        for (const auto &[option, zone] :
             {std::pair{"--tz", draft.myTimeZone}, std::pair{"--partner-tz", draft.partnerTimeZone}})
            if (!isValidTimeZone(zone))
                throw ValidationError(option, "\"" + zone
                                                  + "\" is not a time zone this system knows; use "
                                                    "an IANA name such as Europe/Lisbon.");
        RitualBook &book = openOrCreate(false);
        if (book.hasProfile())
            throw Error(m_dir.string() + " already holds the profile of "
                        + book.profile().space.name + ".");
        Profile p;
        try {
            p = book.createProfile(draft);
        } catch (const ValidationError &e) {
            static const std::map<std::string, std::string> options = {
                {"myName", "name"}, {"myTimeZone", "tz"}, {"partnerName", "partner-name"},
                {"partnerTimeZone", "partner-tz"}};
            auto it = options.find(e.field());
            throw ValidationError(it == options.end() ? e.field() : "--" + it->second, e.what());
        }
        say("Created the profile of " + p.me.name + " (" + p.me.timeZone + ") and "
                + p.partner.name + " (" + p.partner.timeZone + ") in " + m_dir.string() + ".",
            {{"spaceId", p.space.id}, {"memberId", p.me.id}, {"partnerId", p.partner.id}});
    }

    void demo()
    {
        const int days = integerOption(m_inv, "days", 90);
        if (days < 0 || days > 3650)
            throw ValidationError("--days", "Choose from 0 to 3650 days of history.");
        const std::uint64_t seed = seedOption(m_inv);
        const ContentLibrary library = content();
        RitualBook &book = openOrCreate(true);
        if (book.hasProfile() || !book.rituals(true).empty())
            throw Error(m_dir.string() + " already holds a profile; `demo` fills only an empty "
                                         "one (pass --data-dir with a new folder).");
        fillDemo(book, library, now(), days, seed, m_manual);
        const Profile p = book.profile();
        const auto rituals = book.rituals(true);
        say("Filled " + m_dir.string() + " with the demo couple " + p.me.name + " ("
                + p.me.timeZone + ", this device) and " + p.partner.name + " ("
                + p.partner.timeZone + "): " + std::to_string(rituals.size()) + " rituals, "
                + std::to_string(days) + " days of history.",
            {{"spaceId", p.space.id}, {"memberId", p.me.id}, {"rituals", rituals.size()},
             {"days", days}, {"seed", seed}});
    }

    void listRituals()
    {
        RitualBook &book = open();
        const auto rituals = book.rituals(m_inv.flags.contains("all"));
        if (m_inv.json) {
            json out = json::array();
            for (const Ritual &r : rituals)
                out.push_back({{"id", r.id},
                               {"title", r.title},
                               {"kind", r.kind},
                               {"status", std::string(toString(r.status))},
                               {"schedule", scheduleJson(r.schedule)},
                               {"scheduleText", describeOrRule(r.schedule)},
                               {"reminderMinutes", r.reminderMinutes},
                               {"purpose", r.purpose},
                               {"steps", r.steps},
                               {"templateId", r.templateId},
                               {"templateVersion", r.templateVersion}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (rituals.empty()) {
            std::cout << "No rituals yet: `hearthctl templates` lists ideas, `hearthctl add` adds "
                         "one.\n";
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "TITLE", "STATUS", "SCHEDULE"}};
        for (const Ritual &r : rituals)
            rows.push_back({r.id, r.title, std::string(toString(r.status)),
                            describeOrRule(r.schedule) + " (" + r.schedule.timeZone + ")"});
        printTable(rows);
    }

    void upcoming()
    {
        const int days = integerOption(m_inv, "days", 7);
        if (days < 1 || days > 366)
            throw ValidationError("--days", "Choose from 1 to 366 days.");
        RitualBook &book = open();
        const Profile p = book.profile();
        const Millis from = now();
        const auto items = book.agenda(from, from + Millis{days} * 24 * 3600'000);
        const bool twoZones = p.partner.timeZone != p.me.timeZone && !p.partner.timeZone.empty();
        if (m_inv.json) {
            json out = json::array();
            for (const AgendaItem &item : items)
                out.push_back({{"ritualId", item.ritualId},
                               {"title", item.title},
                               {"kind", item.kind},
                               {"localStart", item.localStart},
                               {"startUtc", item.startUtc},
                               {"durationMinutes", item.durationMinutes},
                               {"status", item.status},
                               {"moved", item.moved},
                               {"mine",
                                {{"name", p.me.name}, {"timeZone", p.me.timeZone},
                                 {"local", utcToLocal(item.startUtc, p.me.timeZone)}}},
                               {"partner",
                                {{"name", p.partner.name}, {"timeZone", p.partner.timeZone},
                                 {"local", p.partner.timeZone.empty()
                                               ? json(nullptr)
                                               : json(utcToLocal(item.startUtc,
                                                                 p.partner.timeZone))}}}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (items.empty()) {
            std::cout << "Nothing planned in the next " << days << " days.\n";
            return;
        }
        std::vector<std::string> header = {"WHEN (" + p.me.name + ", " + p.me.timeZone + ")"};
        if (twoZones)
            header.push_back(p.partner.name + " (" + p.partner.timeZone + ")");
        for (const char *h : {"RITUAL", "STATUS", "RITUAL ID", "LOCAL START"})
            header.emplace_back(h);
        std::vector<std::vector<std::string>> rows = {header};
        for (const AgendaItem &item : items) {
            const std::string mine = utcToLocal(item.startUtc, p.me.timeZone);
            std::vector<std::string> row = {weekdayName(mine) + " " + mine.substr(0, 10) + " "
                                            + mine.substr(11)};
            if (twoZones) {
                const std::string theirs = utcToLocal(item.startUtc, p.partner.timeZone);
                row.push_back(weekdayName(theirs) + " " + theirs.substr(11));
            }
            row.push_back(item.title);
            row.push_back(item.status + (item.moved ? " (moved)" : ""));
            row.push_back(item.ritualId);
            row.push_back(item.localStart);
            rows.push_back(std::move(row));
        }
        printTable(rows);
    }

    void templates()
    {
        const ContentLibrary library = content();
        if (m_inv.json) {
            json out = json::array();
            for (const RitualTemplate &t : library.rituals())
                out.push_back(t);
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "TITLE", "KIND", "SCHEDULE"}};
        for (const RitualTemplate &t : library.rituals())
            rows.push_back({t.id, t.title, t.kind,
                            describeOrRule(Schedule{t.rrule, "2024-01-01T" + t.time, "UTC",
                                                    t.durationMinutes})});
        printTable(rows);
    }

    void add()
    {
        const std::string templateId = m_inv.required("template");
        const ContentLibrary library = content();
        const RitualTemplate *t = library.ritual(templateId);
        if (!t)
            throw ValidationError("--template", "No ritual template has the id \"" + templateId
                                                    + "\" (`hearthctl templates` lists them).");
        RitualBook &book = open();
        const std::string zone = book.profile().me.timeZone;
        const std::string start =
            m_inv.option("start").value_or(utcToLocal(now(), zone).substr(0, 10));
        const auto digitsAt = [](const std::string &s, std::initializer_list<std::size_t> at) {
            return std::all_of(at.begin(), at.end(), [&](std::size_t i) {
                return i < s.size() && s[i] >= '0' && s[i] <= '9';
            });
        };
        if (start.size() != 10 || start[4] != '-' || start[7] != '-'
            || !digitsAt(start, {0, 1, 2, 3, 5, 6, 8, 9}))
            throw ValidationError("--start", "Give the first day as YYYY-MM-DD, not \"" + start
                                                 + "\".");
        RitualDraft draft = RitualBook::draftFromTemplate(*t, start, zone);
        if (auto time = m_inv.option("time")) {
            const bool ok = time->size() == 5 && (*time)[2] == ':' && digitsAt(*time, {0, 1, 3, 4})
                            && std::stoi(time->substr(0, 2)) < 24 && std::stoi(time->substr(3)) < 60;
            if (!ok)
                throw ValidationError("--time", "Give the time as HH:MM (00:00 to 23:59), not \""
                                                    + *time + "\".");
            draft.schedule.startLocal = start + "T" + *time;
        }
        const Ritual r = book.createRitual(draft);
        say("Added \"" + r.title + "\" (" + r.id + "): " + describeOrRule(r.schedule) + " ("
                + r.schedule.timeZone + ").",
            {{"id", r.id}, {"title", r.title}, {"schedule", scheduleJson(r.schedule)}});
    }

    void done()
    {
        int rating = 0;
        if (m_inv.option("rating")) {
            rating = integerOption(m_inv, "rating", 0);
            if (rating < 1 || rating > 5)
                throw ValidationError("--rating", "Rate how connected it felt from 1 to 5 (or "
                                                  "leave --rating out).");
        }
        RitualBook &book = open();
        const Ritual r = resolve(book, m_inv.args[0]);
        const std::string localStart = localStartArg(m_inv.args[1]);
        explained(r, localStart, [&] {
            book.markDone(r.id, localStart, m_inv.option("note").value_or(""), rating);
        });
        say("Marked \"" + r.title + "\" of " + localStart + " as done.",
            {{"ritualId", r.id}, {"localStart", localStart}, {"status", "done"}});
    }

    void skip()
    {
        RitualBook &book = open();
        const Ritual r = resolve(book, m_inv.args[0]);
        const std::string localStart = localStartArg(m_inv.args[1]);
        explained(r, localStart,
                  [&] { book.skip(r.id, localStart, m_inv.option("reason").value_or("")); });
        say("Skipped \"" + r.title + "\" of " + localStart + ".",
            {{"ritualId", r.id}, {"localStart", localStart}, {"status", "skipped"}});
    }

    void exportJson()
    {
        RitualBook &book = open();
        const json doc = exportProfile(book.store());
        const std::string &file = m_inv.args[0];
        writeFile(file, doc.dump(2) + "\n");
        if (file == "-")
            return;
        std::size_t rows = 0;
        for (const auto &[entity, list] : doc.at("data").items())
            rows += list.size();
        say("Exported " + std::to_string(rows) + " records (" + std::to_string(doc.at("changes").size())
                + " changes) to " + file + ".",
            {{"file", file}, {"records", rows}, {"changes", doc.at("changes").size()}});
    }

    void importJson()
    {
        const std::string &file = m_inv.args[0];
        const std::string text = readFile(file);
        json doc = json::parse(text, nullptr, false);
        if (doc.is_discarded())
            throw ProtocolError(file + " is not JSON, so it cannot be a Hearth export.");
        RitualBook &book = openOrCreate(false);
        importProfile(book.store(), doc);
        const std::size_t changes = doc.at("changes").size();
        say("Imported " + std::to_string(changes) + " changes into " + m_dir.string() + ".",
            {{"changes", changes}, {"rituals", book.rituals(true).size()}});
    }

    void exportCalendar()
    {
        RitualBook &book = open();
        std::vector<std::string> ids;
        for (std::size_t i = 1; i < m_inv.args.size(); ++i)
            ids.push_back(resolve(book, m_inv.args[i]).id);
        const std::string ics = ritualsToIcs(book, ids, now());
        const std::string &file = m_inv.args[0];
        writeFile(file, ics);
        if (file == "-")
            return;
        // Moved occurrences repeat their ritual's UID in an overriding event: count UIDs once.
        std::set<std::string> uids;
        for (auto at = ics.find("\nUID:"); at != std::string::npos; at = ics.find("\nUID:", at + 1))
            uids.insert(ics.substr(at + 5, ics.find('\r', at) - at - 5));
        say("Wrote " + std::to_string(uids.size()) + (uids.size() == 1 ? " ritual" : " rituals")
                + " to " + file + ".",
            {{"file", file}, {"rituals", uids.size()}});
    }

    Invocation m_inv;
    fs::path m_dir;
    fs::path m_file;
    bool m_created = false;
    bool m_createdDir = false;
    SystemRandom m_random;
    std::unique_ptr<Clock> m_clock;
    ManualClock *m_manual = nullptr;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<sync::CurlTransport> m_transport;
    std::unique_ptr<sync::SyncClient> m_sync;
    std::unique_ptr<RitualBook> m_book;
};

/// One line on standard error, whatever the message holds.
void fail(const std::string &message)
{
    std::string line = "hearthctl: " + message;
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << line << '\n';
}

void failUsage(const UsageError &e)
{
    const std::string message = e.what();
    fail(message.find("(usage:") == std::string::npos ? message + " (see hearthctl --help)"
                                                       : message);
}

} // namespace

int main(int argc, char *argv[])
{
    Invocation inv;
    try {
        inv = parse(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const UsageError &e) {
        failUsage(e);
        return kExitUsage;
    }
    if (inv.help || inv.command == "help") {
        std::cout << kUsage;
        return 0;
    }

    std::unique_ptr<Hearthctl> program;
    try {
        program = std::make_unique<Hearthctl>(std::move(inv));
        return program->run();
    } catch (const UsageError &e) {
        failUsage(e);
        if (program)
            program->undoCreation();
        return kExitUsage;
    } catch (const ValidationError &e) {
        fail(e.field() + ": " + e.what());
    } catch (const json::exception &e) {
        fail(std::string("the file does not have the expected shape: ") + e.what());
    } catch (const std::exception &e) {
        fail(e.what());
    }
    if (program)
        program->undoCreation();
    return kExitError;
}
