#include "contentlibrary.h"

#include "errors.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#ifndef HEARTH_CONTENT_DIR
#error "HEARTH_CONTENT_DIR must be defined (hearth_core defines it as the source tree's content/)"
#endif

namespace hearth {

using nlohmann::json;

namespace {

constexpr std::string_view ritualsFormat = "hearth.rituals";
constexpr int ritualsFormatVersion = 1;

// Limits from docs/content.md; lengths count Unicode characters, not bytes.
constexpr std::size_t maxIdLength = 64;
constexpr std::size_t maxTitleLength = 80;
constexpr std::size_t maxPurposeLength = 300;
constexpr std::size_t maxStepLength = 300;
constexpr std::size_t maxCreditLength = 200;
constexpr std::size_t maxRruleLength = 500;
constexpr std::size_t minSteps = 2;
constexpr std::size_t maxSteps = 8;
constexpr int maxDurationMinutes = 24 * 60;
constexpr int maxReminderMinutes = 7 * 24 * 60;

constexpr std::array frequencies{"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};

std::string join(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &item : items) {
        if (!out.empty())
            out += ", ";
        out += item;
    }
    return out;
}

std::string describeType(const json &v)
{
    switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_float: return "a number with a fraction";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "a number";
    default: return v.type_name();
    }
}

// The input was already checked to be valid UTF-8 by the JSON parser.
std::size_t characterCount(std::string_view s)
{
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

bool isBlank(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

bool hasControlCharacter(std::string_view s)
{
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20U || u == 0x7FU;
    });
}

bool isValidId(std::string_view id)
{
    if (id.empty() || id.size() > maxIdLength || id.front() == '-' || id.back() == '-')
        return false;
    char previous = '\0';
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && previous == '-'))
            return false;
        previous = c;
    }
    return true;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isValidTime(std::string_view t)
{
    if (t.size() != 5 || t[2] != ':' || !isDigit(t[0]) || !isDigit(t[1]) || !isDigit(t[3])
        || !isDigit(t[4]))
        return false;
    const int hours = (t[0] - '0') * 10 + (t[1] - '0');
    const int minutes = (t[3] - '0') * 10 + (t[4] - '0');
    return hours < 24 && minutes < 60;
}

std::string childPath(const std::string &parent, std::string_view key)
{
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string indexPath(const std::string &parent, std::size_t index)
{
    return parent + "[" + std::to_string(index) + "]";
}

// Reads one content file and turns every deviation from its schema into a ContentError that
// names the file and the path of the offending field, so whoever edits content can fix it at once.
class Reader {
public:
    explicit Reader(std::filesystem::path file) : m_file(std::move(file)), m_name(m_file.string()) {}

    [[noreturn]] void fail(const std::string &field, const std::string &message) const
    {
        throw ContentError(m_name, field, message);
    }

    json parse() const
    {
        std::error_code ec;
        const auto status = std::filesystem::status(m_file, ec);
        if (ec && ec != std::errc::no_such_file_or_directory)
            fail("$", "cannot be reached: " + ec.message());
        if (!std::filesystem::exists(status))
            fail("$", "no such file");
        if (!std::filesystem::is_regular_file(status))
            fail("$", "is not a regular file");

        std::ifstream in(m_file, std::ios::binary);
        if (!in)
            fail("$", std::string("cannot be opened: ") + std::strerror(errno));
        std::ostringstream buffer;
        buffer << in.rdbuf();
        if (in.bad())
            fail("$", "cannot be read");
        const std::string text = buffer.str();

        try {
            return json::parse(text);
        } catch (const json::parse_error &e) {
            failParse(text, e);
        }
    }

    const json &member(const json &object, std::string_view key, const std::string &path) const
    {
        const auto it = object.find(key);
        if (it == object.end())
            fail(childPath(path, key), "is missing");
        return *it;
    }

    const json &object(const json &parent, std::string_view key, const std::string &path) const
    {
        const json &v = member(parent, key, path);
        if (!v.is_object())
            fail(childPath(path, key), "must be an object, not " + describeType(v));
        return v;
    }

    const json &array(const json &parent, std::string_view key, const std::string &path) const
    {
        const json &v = member(parent, key, path);
        if (!v.is_array())
            fail(childPath(path, key), "must be an array, not " + describeType(v));
        return v;
    }

    std::string text(const json &v, const std::string &field, std::size_t maxLength) const
    {
        if (!v.is_string())
            fail(field, "must be a string, not " + describeType(v));
        auto s = v.get<std::string>();
        if (isBlank(s))
            fail(field, "must not be empty");
        if (hasControlCharacter(s))
            fail(field, "must be one line without control characters");
        if (const auto n = characterCount(s); n > maxLength)
            fail(field, "must be at most " + std::to_string(maxLength) + " characters, not "
                            + std::to_string(n));
        return s;
    }

    std::string text(const json &parent, std::string_view key, const std::string &path,
                     std::size_t maxLength) const
    {
        return text(member(parent, key, path), childPath(path, key), maxLength);
    }

    int integer(const json &parent, std::string_view key, const std::string &path, int min,
                int max) const
    {
        const json &v = member(parent, key, path);
        const std::string field = childPath(path, key);
        if (!v.is_number_integer())
            fail(field, "must be a whole number, not " + describeType(v));
        const std::string range =
            "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not ";
        if (v.is_number_unsigned()) {
            const auto u = v.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(max) || (min > 0 && u < static_cast<std::uint64_t>(min)))
                fail(field, range + std::to_string(u));
            return static_cast<int>(u);
        }
        const auto i = v.get<std::int64_t>();
        if (i < min || i > max)
            fail(field, range + std::to_string(i));
        return static_cast<int>(i);
    }

    std::string oneOf(const json &parent, std::string_view key, const std::string &path,
                      const std::vector<std::string> &allowed, std::string_view what) const
    {
        const std::string field = childPath(path, key);
        std::string s = text(member(parent, key, path), field, maxIdLength);
        if (std::find(allowed.begin(), allowed.end(), s) == allowed.end())
            fail(field, "unknown " + std::string(what) + " \"" + s + "\"; expected one of: "
                            + join(allowed));
        return s;
    }

private:
    [[noreturn]] void failParse(const std::string &text, const json::parse_error &e) const
    {
        // nlohmann counts `byte` from 1 as the position of the last character it read.
        const std::size_t offset = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
        const auto head = std::string_view(text).substr(0, offset);
        const auto line = 1 + std::count(head.begin(), head.end(), '\n');
        const auto lastNewline = head.rfind('\n');
        const auto column = lastNewline == std::string_view::npos ? offset + 1 : offset - lastNewline;

        // Keep nlohmann's explanation but drop its "[json.exception...] parse error at ...:" prefix.
        std::string detail = e.what();
        if (const auto at = detail.find("parse error"); at != std::string::npos) {
            if (const auto colon = detail.find(": ", at); colon != std::string::npos)
                detail = detail.substr(colon + 2);
        }
        // Its "last read" excerpt may hold the very bytes that are not UTF-8; keep what() printable.
        std::replace_if(detail.begin(), detail.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u < 0x20U || u >= 0x7FU;
        }, '?');
        fail("line " + std::to_string(line) + ", column " + std::to_string(column),
             "invalid JSON at byte " + std::to_string(e.byte) + ": " + detail);
    }

    std::filesystem::path m_file;
    std::string m_name;
};

RitualTemplate readRitual(const Reader &reader, const json &v, const std::string &path)
{
    if (!v.is_object())
        reader.fail(path, "must be an object, not " + describeType(v));

    RitualTemplate t;

    const std::string idField = childPath(path, "id");
    const json &id = reader.member(v, "id", path);
    if (!id.is_string())
        reader.fail(idField, "must be a string, not " + describeType(id));
    t.id = id.get<std::string>();
    if (!isValidId(t.id))
        reader.fail(idField, "\"" + t.id + "\" is not a valid id: use 1 to "
                                 + std::to_string(maxIdLength)
                                 + " lower-case letters, digits and single dashes between them");

    t.version = reader.integer(v, "version", path, 1, std::numeric_limits<int>::max());
    t.kind = reader.oneOf(v, "kind", path, ritualKinds(), "kind");
    t.title = reader.text(v, "title", path, maxTitleLength);
    t.purpose = reader.text(v, "purpose", path, maxPurposeLength);
    t.need = reader.oneOf(v, "need", path, needNames(), "need");

    const json &steps = reader.array(v, "steps", path);
    const std::string stepsField = childPath(path, "steps");
    if (steps.size() < minSteps || steps.size() > maxSteps)
        reader.fail(stepsField, "must hold " + std::to_string(minSteps) + " to "
                                    + std::to_string(maxSteps) + " steps, not "
                                    + std::to_string(steps.size()));
    for (std::size_t i = 0; i < steps.size(); ++i)
        t.steps.push_back(reader.text(steps[i], indexPath(stepsField, i), maxStepLength));

    const std::string scheduleField = childPath(path, "schedule");
    const json &schedule = reader.object(v, "schedule", path);

    t.rrule = reader.text(schedule, "rrule", scheduleField, maxRruleLength);
    // Only the frequency is checked here; the schedule module owns full RRULE validation.
    const std::string rruleField = childPath(scheduleField, "rrule");
    if (!t.rrule.starts_with("FREQ="))
        reader.fail(rruleField, "must start with FREQ=, e.g. FREQ=WEEKLY;BYDAY=SU, not \""
                                    + t.rrule + "\"");
    const std::string frequency = t.rrule.substr(5, t.rrule.find(';') - 5);
    if (std::find(frequencies.begin(), frequencies.end(), frequency) == frequencies.end())
        reader.fail(rruleField, "unknown FREQ \"" + frequency
                                    + "\"; expected one of: DAILY, WEEKLY, MONTHLY, YEARLY");

    t.time = reader.text(schedule, "time", scheduleField, maxTitleLength);
    if (!isValidTime(t.time))
        reader.fail(childPath(scheduleField, "time"),
                    "\"" + t.time + "\" is not a time of day as HH:MM from 00:00 to 23:59");
    t.durationMinutes =
        reader.integer(schedule, "durationMinutes", scheduleField, 1, maxDurationMinutes);

    t.reminderMinutes = reader.integer(v, "reminderMinutes", path, 0, maxReminderMinutes);
    t.credit = reader.text(v, "credit", path, maxCreditLength);
    return t;
}

std::vector<RitualTemplate> readRituals(const std::filesystem::path &file)
{
    const Reader reader(file);
    const json doc = reader.parse();
    if (!doc.is_object())
        reader.fail("$", "must be a JSON object, not " + describeType(doc));

    const json &format = reader.member(doc, "format", "");
    if (!format.is_string() || format.get<std::string>() != ritualsFormat)
        reader.fail("format", "must be \"" + std::string(ritualsFormat) + "\", not "
                                  + (format.is_string() ? format.dump() : describeType(format)));
    const int formatVersion =
        reader.integer(doc, "formatVersion", "", 1, std::numeric_limits<int>::max());
    if (formatVersion != ritualsFormatVersion)
        reader.fail("formatVersion", "this version of Hearth reads formatVersion "
                                         + std::to_string(ritualsFormatVersion) + ", not "
                                         + std::to_string(formatVersion));

    const json &list = reader.array(doc, "rituals", "");
    if (list.empty())
        reader.fail("rituals", "must hold at least one ritual");

    std::vector<RitualTemplate> rituals;
    rituals.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = indexPath("rituals", i);
        RitualTemplate t = readRitual(reader, list[i], path);
        const auto same = std::find_if(rituals.begin(), rituals.end(),
                                       [&](const RitualTemplate &r) { return r.id == t.id; });
        if (same != rituals.end())
            reader.fail(childPath(path, "id"),
                        "duplicate id \"" + t.id + "\"; "
                            + indexPath("rituals", static_cast<std::size_t>(same - rituals.begin()))
                            + " already uses it");
        rituals.push_back(std::move(t));
    }
    return rituals;
}

} // namespace

const std::vector<std::string> &ritualKinds()
{
    static const std::vector<std::string> kinds{
        "parting", "reunion", "conversation", "check-in", "meeting", "appreciation", "bedtime",
        "date", "unplugged", "morning", "review", "distance", "planning", "walk", "custom",
    };
    return kinds;
}

const std::vector<std::string> &needNames()
{
    static const std::vector<std::string> needs{
        "reassurance", "closeness", "being-heard", "support", "appreciation",
        "rest", "play", "reliability", "autonomy",
    };
    return needs;
}

void to_json(json &j, const RitualTemplate &t)
{
    j = json{
        {"id", t.id},
        {"version", t.version},
        {"kind", t.kind},
        {"title", t.title},
        {"purpose", t.purpose},
        {"need", t.need},
        {"steps", t.steps},
        {"schedule", {{"rrule", t.rrule}, {"time", t.time}, {"durationMinutes", t.durationMinutes}}},
        {"reminderMinutes", t.reminderMinutes},
        {"credit", t.credit},
    };
}

ContentLibrary ContentLibrary::load(const std::filesystem::path &dir)
{
    ContentLibrary library;
    library.m_rituals = readRituals(dir / "rituals.json");
    return library;
}

std::filesystem::path ContentLibrary::defaultDir()
{
    if (const char *env = std::getenv("HEARTH_CONTENT_DIR"); env != nullptr && *env != '\0')
        return env;
    return HEARTH_CONTENT_DIR;
}

ContentLibrary ContentLibrary::loadDefault() { return load(defaultDir()); }

const RitualTemplate *ContentLibrary::ritual(std::string_view id) const
{
    const auto it = std::find_if(m_rituals.begin(), m_rituals.end(),
                                 [id](const RitualTemplate &t) { return t.id == id; });
    return it == m_rituals.end() ? nullptr : &*it;
}

} // namespace hearth
