#include "contentlibrary.h"

#include "care.h"
#include "errors.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#ifndef HEARTH_CONTENT_DIR
#error "HEARTH_CONTENT_DIR must be defined (hearth_core defines it as the source tree's content/)"
#endif

namespace hearth {

using nlohmann::json;

namespace {

constexpr std::string_view ritualsFormat = "hearth.rituals";
constexpr std::string_view checkinsFormat = "hearth.checkins";
constexpr std::string_view repairsFormat = "hearth.repairs";
constexpr int ritualsFormatVersion = 1;
constexpr int checkinsFormatVersion = 1;
constexpr int repairsFormatVersion = 1;

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

// checkins.json and repairs.json.
constexpr std::size_t maxPromptLength = 200;
constexpr std::size_t maxHelpLength = 200;
constexpr std::size_t maxPlaceholderLength = 120;
constexpr std::size_t maxLabelLength = 60;
constexpr std::size_t maxShortLabelLength = 40; // scale ends, statement parts, need labels
constexpr std::size_t maxNeedDescriptionLength = 200;
constexpr std::size_t maxInstructionsLength = 500;
constexpr std::size_t maxPhraseLength = 120;
constexpr std::size_t maxSoothingLength = 200;
constexpr std::size_t maxFloodingTextLength = 400;
constexpr int maxSessionMinutes = 240;
constexpr std::size_t maxQuestions = 20;
constexpr std::size_t maxRepairSteps = 20;
constexpr int maxScaleValue = 10;
constexpr int maxAnswerLength = 2000;
constexpr int maxAppreciations = 10;
constexpr std::size_t minFeelings = 20;
constexpr std::size_t minSoothingIdeas = 8;
// A break shorter than this does not let a flooded body settle (issue 4, docs/content.md).
constexpr int minFloodingMinutes = 20;
constexpr int maxFloodingMinutes = 24 * 60;
constexpr int minIntensity = 1;
constexpr int maxIntensity = 5;

// us.json and cards.json.
constexpr std::string_view usFormat = "hearth.us";
constexpr std::string_view cardsFormat = "hearth.cards";
constexpr int usFormatVersion = 1;
constexpr int cardsFormatVersion = 1;
constexpr std::size_t maxSuggestions = 40; // chips to pick from: more would not fit a screen
constexpr std::size_t maxCompassionLength = 200;
constexpr std::size_t maxSignalKinds = 12;
constexpr std::size_t maxReplies = 8;
constexpr std::size_t maxExamples = 20;
// The same limits as a couple's own signal and agreement (core/signalbook.h, core/agreements.h),
// so an example can be taken over as it is.
constexpr std::size_t maxSignalWordLength = 40;
constexpr std::size_t maxSignalMeaningLength = 200;
constexpr std::size_t maxSituationLength = 200;
constexpr std::size_t maxActionLength = 300;
constexpr std::size_t maxSafetySections = 12;
constexpr std::size_t maxParagraphs = 8;
constexpr std::size_t maxParagraphLength = 600;
constexpr std::size_t maxCardTopics = 12;
constexpr std::size_t maxCardParagraphs = 6;
constexpr std::size_t maxSummaryLength = 300;
constexpr std::size_t maxSources = 10;
constexpr std::size_t maxCitationLength = 300;
constexpr std::size_t maxUrlLength = 300;
constexpr std::size_t maxReflectionNoteLength = 400;

// exercises.json, and an exercise as an assignment carries it (from_json).
constexpr std::string_view exercisesFormat = "hearth.exercises";
constexpr int exercisesFormatVersion = 1;
constexpr std::size_t maxExerciseFormats = 20;
// A therapist's own exercise has this format, which no format of the file may take.
constexpr std::string_view customExerciseFormat = "custom";
constexpr int maxExerciseMinutes = 240;

// How long an exercise's texts may be, and whether they may hold line breaks.
struct ExerciseLimits {
    std::size_t title;
    std::size_t purpose;
    std::size_t step;
    std::size_t prompt;
    std::size_t source;
    std::size_t steps;   ///< at most this many steps (at least 2)
    std::size_t prompts; ///< at most this many prompts (at least 1)
    bool lineBreaks;
};

// The shipped file follows the house rules for content.
constexpr ExerciseLimits fileExercise{maxTitleLength, maxPurposeLength, maxStepLength,
                                      maxPromptLength, maxCitationLength, 12, 6, false};
// A copy is also what a therapist typed (core/care.h); it must read back whatever Care accepts.
constexpr ExerciseLimits copiedExercise{Care::kMaxTitle, Care::kMaxStep, Care::kMaxStep,
                                        Care::kMaxStep, Care::kMaxStep, 30, 10, true};
static_assert(fileExercise.title <= copiedExercise.title
                  && fileExercise.step <= copiedExercise.step
                  && fileExercise.purpose <= copiedExercise.purpose
                  && fileExercise.prompt <= copiedExercise.prompt
                  && fileExercise.source <= copiedExercise.source
                  && fileExercise.steps <= copiedExercise.steps
                  && fileExercise.prompts <= copiedExercise.prompts,
              "a library exercise assigned as it is must read back from its copy");
// A signal kind the couple's own signals are sent as (core/signalbook.h); no built-in may take it.
constexpr std::string_view ownSignalKind = "own";
constexpr std::string_view timePlaceholder = "{time}";

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

bool hasControlCharacter(std::string_view s, bool lineBreaks = false)
{
    return std::any_of(s.begin(), s.end(), [lineBreaks](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20U && !(lineBreaks && c == '\n')) || u == 0x7FU;
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

    /// `lineBreaks`: text a person typed in a form (a therapist's own exercise) may hold
    /// line breaks; content files keep one line per text.
    std::string text(const json &v, const std::string &field, std::size_t maxLength,
                     bool lineBreaks = false) const
    {
        if (!v.is_string())
            fail(field, "must be a string, not " + describeType(v));
        auto s = v.get<std::string>();
        if (isBlank(s) || (lineBreaks && std::all_of(s.begin(), s.end(), [](char c) {
                               return c == ' ' || c == '\t' || c == '\n';
                           })))
            fail(field, "must not be empty");
        if (hasControlCharacter(s, lineBreaks))
            fail(field, lineBreaks ? "must not hold control characters other than line breaks"
                                   : "must be one line without control characters");
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

    std::string oneOf(const json &v, const std::string &field,
                      const std::vector<std::string> &allowed, std::string_view what) const
    {
        std::string s = text(v, field, maxIdLength);
        if (std::find(allowed.begin(), allowed.end(), s) == allowed.end())
            fail(field, "unknown " + std::string(what) + " \"" + s + "\"; expected one of: "
                            + join(allowed));
        return s;
    }

    std::string oneOf(const json &parent, std::string_view key, const std::string &path,
                      const std::vector<std::string> &allowed, std::string_view what) const
    {
        return oneOf(member(parent, key, path), childPath(path, key), allowed, what);
    }

    /// "" when the key is absent; a present key must hold valid text.
    std::string optionalText(const json &parent, std::string_view key, const std::string &path,
                             std::size_t maxLength) const
    {
        return parent.contains(key) ? text(parent, key, path, maxLength) : std::string();
    }

    bool boolean(const json &parent, std::string_view key, const std::string &path) const
    {
        const json &v = member(parent, key, path);
        if (!v.is_boolean())
            fail(childPath(path, key), "must be true or false, not " + describeType(v));
        return v.get<bool>();
    }

    std::string id(const json &v, const std::string &field) const
    {
        if (!v.is_string())
            fail(field, "must be a string, not " + describeType(v));
        auto s = v.get<std::string>();
        if (!isValidId(s))
            fail(field, "\"" + s + "\" is not a valid id: use 1 to " + std::to_string(maxIdLength)
                            + " lower-case letters, digits and single dashes between them");
        return s;
    }

    std::string id(const json &parent, std::string_view key, const std::string &path) const
    {
        return id(member(parent, key, path), childPath(path, key));
    }

    const json &objectAt(const json &v, const std::string &field) const
    {
        if (!v.is_object())
            fail(field, "must be an object, not " + describeType(v));
        return v;
    }

    /// An array of `min` to `max` items; `item` names one of them in the message ("question").
    const json &list(const json &parent, std::string_view key, const std::string &path,
                     std::size_t min, std::size_t max, std::string_view item) const
    {
        const json &v = array(parent, key, path);
        const std::string field = childPath(path, key);
        // "reply" -> "replies"; every other item so far takes an s.
        const std::string items = item.ends_with('y')
                                      ? std::string(item.substr(0, item.size() - 1)) + "ies"
                                      : std::string(item) + "s";
        const std::string actual = ", not " + std::to_string(v.size());
        if (max == unlimited) {
            if (v.size() < min)
                fail(field, min == 1 ? "must hold at least one " + std::string(item)
                                     : "must hold at least " + std::to_string(min) + " " + items
                                           + actual);
        } else if (v.size() < min || v.size() > max) {
            const std::string count = min == max
                                          ? "exactly " + std::to_string(min)
                                          : std::to_string(min) + " to " + std::to_string(max);
            fail(field, "must hold " + count + " " + items + actual);
        }
        return v;
    }

    static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

    /// Checks the `format` and `formatVersion` every content file starts with.
    void header(const json &doc, std::string_view format, int version) const
    {
        const json &f = member(doc, "format", "");
        if (!f.is_string() || f.get<std::string>() != format)
            fail("format", "must be \"" + std::string(format) + "\", not "
                               + (f.is_string() ? f.dump() : describeType(f)));
        const int v = integer(doc, "formatVersion", "", 1, std::numeric_limits<int>::max());
        if (v != version)
            fail("formatVersion", "this version of Hearth reads formatVersion "
                                      + std::to_string(version) + ", not " + std::to_string(v));
    }

    /// parse(), and the document must be an object.
    json document() const
    {
        json doc = parse();
        if (!doc.is_object())
            fail("$", "must be a JSON object, not " + describeType(doc));
        return doc;
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
    reader.objectAt(v, path);

    RitualTemplate t;

    t.id = reader.id(v, "id", path);
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
    const json doc = reader.document();
    reader.header(doc, ritualsFormat, ritualsFormatVersion);

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

// Remembers the ids of one list, so a repeat is reported at the later item together with the
// item that already uses it.
class UniqueIds {
public:
    void add(const Reader &reader, const std::string &id, const std::string &itemPath)
    {
        const auto [it, inserted] = m_first.emplace(id, itemPath);
        if (!inserted)
            reader.fail(childPath(itemPath, "id"),
                        "duplicate id \"" + id + "\"; " + it->second + " already uses it");
    }

private:
    std::map<std::string, std::string> m_first;
};

template <typename T>
std::vector<std::string> idsOf(const std::vector<T> &items)
{
    std::vector<std::string> ids;
    ids.reserve(items.size());
    for (const auto &item : items)
        ids.push_back(item.id);
    return ids;
}

template <typename T>
const T *findById(const std::vector<T> &items, std::string_view id)
{
    const auto it =
        std::find_if(items.begin(), items.end(), [id](const T &item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

// `{ "id", "label" }` items: calm and acceptance choices, feeling and phrase groups, topics.
std::vector<Choice> readChoices(const Reader &reader, const json &list, const std::string &path,
                                std::size_t maxLabel)
{
    std::vector<Choice> choices;
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string itemPath = indexPath(path, i);
        const json &v = reader.objectAt(list[i], itemPath);
        Choice c{reader.id(v, "id", itemPath), reader.text(v, "label", itemPath, maxLabel)};
        ids.add(reader, c.id, itemPath);
        choices.push_back(std::move(c));
    }
    return choices;
}

// A list of need ids that a question or step offers: at least one, no repeats, each one known.
std::vector<std::string> readNeedChoices(const Reader &reader, const json &parent,
                                         const std::string &path,
                                         const std::vector<std::string> &knownNeeds)
{
    const json &list = reader.list(parent, "needs", path, 1, Reader::unlimited, "need");
    const std::string listPath = childPath(path, "needs");
    std::vector<std::string> needs;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string field = indexPath(listPath, i);
        std::string need = reader.oneOf(list[i], field, knownNeeds, "need");
        const auto same = std::find(needs.begin(), needs.end(), need);
        if (same != needs.end())
            reader.fail(field, "repeats \"" + need + "\"; "
                                   + indexPath(listPath,
                                               static_cast<std::size_t>(same - needs.begin()))
                                   + " already offers it");
        needs.push_back(std::move(need));
    }
    return needs;
}

int readMaxLength(const Reader &reader, const json &v, const std::string &path)
{
    return reader.integer(v, "maxLength", path, 1, maxAnswerLength);
}

const std::vector<std::string> &questionKindNames()
{
    static const std::vector<std::string> names{"scale", "text", "needs", "appreciations",
                                                "feelingStatement"};
    return names;
}

const std::vector<std::string> &measureNames()
{
    static const std::vector<std::string> names{"mood", "closeness", "stress"};
    return names;
}

const std::vector<std::string> &repairStepKindNames()
{
    static const std::vector<std::string> names{"calm",    "feelings",   "text", "needs",
                                                "apology", "acceptance", "plan"};
    return names;
}

const std::vector<std::string> &repairGuideKindNames()
{
    static const std::vector<std::string> names{"steps", "phrases"};
    return names;
}

// The enums follow the order of their name lists above.
template <typename Enum>
Enum enumOf(const std::vector<std::string> &names, const std::string &name)
{
    return static_cast<Enum>(std::find(names.begin(), names.end(), name) - names.begin());
}

// ---- checkins.json ----

Need readNeed(const Reader &reader, const json &list, std::size_t index)
{
    const std::string path = indexPath("needs", index);
    const json &v = reader.objectAt(list[index], path);
    return Need{
        reader.id(v, "id", path),
        reader.text(v, "label", path, maxShortLabelLength),
        reader.text(v, "description", path, maxNeedDescriptionLength),
    };
}

std::vector<StatementPart> readStatementParts(const Reader &reader, const json &v,
                                              const std::string &path)
{
    static const std::array<std::string_view, 3> order{"feel", "about", "need"};
    const json &list = reader.list(v, "parts", path, order.size(), order.size(), "part");
    const std::string listPath = childPath(path, "parts");
    std::vector<StatementPart> parts;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string partPath = indexPath(listPath, i);
        const json &p = reader.objectAt(list[i], partPath);
        StatementPart part;
        part.id = reader.id(p, "id", partPath);
        if (part.id != order[i])
            reader.fail(childPath(partPath, "id"),
                        "must be \"" + std::string(order[i])
                            + "\": the parts are feel, about and need, in this order; not \""
                            + part.id + "\"");
        part.label = reader.text(p, "label", partPath, maxShortLabelLength);
        part.placeholder = reader.optionalText(p, "placeholder", partPath, maxPlaceholderLength);
        parts.push_back(std::move(part));
    }
    return parts;
}

Question readQuestion(const Reader &reader, const json &list, std::size_t index,
                      const std::string &listPath, const std::vector<std::string> &needIds)
{
    const std::string path = indexPath(listPath, index);
    const json &v = reader.objectAt(list[index], path);

    Question q;
    q.id = reader.id(v, "id", path);
    q.kind = enumOf<QuestionKind>(questionKindNames(),
                                  reader.oneOf(v, "kind", path, questionKindNames(), "kind"));
    q.prompt = reader.text(v, "prompt", path, maxPromptLength);
    q.help = reader.optionalText(v, "help", path, maxHelpLength);
    q.required = reader.boolean(v, "required", path);

    switch (q.kind) {
    case QuestionKind::Scale:
        q.min = reader.integer(v, "min", path, 0, maxScaleValue);
        q.max = reader.integer(v, "max", path, 0, maxScaleValue);
        if (q.max <= q.min)
            reader.fail(childPath(path, "max"), "must be greater than min (" + std::to_string(q.min)
                                                    + "), not " + std::to_string(q.max));
        q.minLabel = reader.text(v, "minLabel", path, maxShortLabelLength);
        q.maxLabel = reader.text(v, "maxLabel", path, maxShortLabelLength);
        if (v.contains("measure")) {
            // Measure::None comes first in the enum and has no name in the file.
            const int index = enumOf<int>(
                measureNames(), reader.oneOf(v, "measure", path, measureNames(), "measure"));
            q.measure = static_cast<Measure>(index + 1);
        }
        break;
    case QuestionKind::Text:
        q.maxLength = readMaxLength(reader, v, path);
        q.placeholder = reader.optionalText(v, "placeholder", path, maxPlaceholderLength);
        break;
    case QuestionKind::Needs:
        q.needs = readNeedChoices(reader, v, path, needIds);
        q.maxChoices = reader.integer(v, "maxChoices", path, 1, static_cast<int>(q.needs.size()));
        break;
    case QuestionKind::Appreciations:
        q.count = reader.integer(v, "count", path, 1, maxAppreciations);
        q.maxLength = readMaxLength(reader, v, path);
        q.placeholder = reader.optionalText(v, "placeholder", path, maxPlaceholderLength);
        break;
    case QuestionKind::FeelingStatement:
        q.parts = readStatementParts(reader, v, path);
        q.maxLength = readMaxLength(reader, v, path);
        break;
    }
    return q;
}

QuestionSet readQuestionSet(const Reader &reader, const json &list, std::size_t index,
                            const std::vector<std::string> &needIds,
                            const std::vector<RitualTemplate> &rituals)
{
    const std::string path = indexPath("questionSets", index);
    const json &v = reader.objectAt(list[index], path);

    QuestionSet set;
    set.id = reader.id(v, "id", path);
    set.version = reader.integer(v, "version", path, 1, std::numeric_limits<int>::max());
    set.title = reader.text(v, "title", path, maxTitleLength);
    set.purpose = reader.text(v, "purpose", path, maxPurposeLength);
    set.durationMinutes = reader.integer(v, "durationMinutes", path, 1, maxSessionMinutes);
    if (v.contains("ritual")) {
        set.ritual = reader.id(v, "ritual", path);
        if (findById(rituals, set.ritual) == nullptr)
            reader.fail(childPath(path, "ritual"),
                        "unknown ritual \"" + set.ritual
                            + "\"; rituals.json has no template with that id");
    }
    set.credit = reader.text(v, "credit", path, maxCreditLength);

    const json &questions = reader.list(v, "questions", path, 1, maxQuestions, "question");
    const std::string questionsPath = childPath(path, "questions");
    UniqueIds ids;
    std::string firstScalePath; // every scale must use this scale's range
    int scaleMin = 0;
    int scaleMax = 0;
    std::map<Measure, std::string> measured;
    for (std::size_t i = 0; i < questions.size(); ++i) {
        const std::string questionPath = indexPath(questionsPath, i);
        set.questions.push_back(readQuestion(reader, questions, i, questionsPath, needIds));
        const Question &q = set.questions.back();
        ids.add(reader, q.id, questionPath);
        if (q.kind != QuestionKind::Scale)
            continue;
        // Partners' answers are compared side by side, so one set asks every scale the same way.
        if (firstScalePath.empty()) {
            firstScalePath = questionPath;
            scaleMin = q.min;
            scaleMax = q.max;
        } else if (q.min != scaleMin || q.max != scaleMax) {
            reader.fail(childPath(questionPath, q.min != scaleMin ? "min" : "max"),
                        "every scale in a set uses the same range, and " + firstScalePath
                            + " runs from " + std::to_string(scaleMin) + " to "
                            + std::to_string(scaleMax) + ", not " + std::to_string(q.min) + " to "
                            + std::to_string(q.max));
        }
        if (q.measure == Measure::None)
            continue;
        const auto [it, inserted] = measured.emplace(q.measure, questionPath);
        if (!inserted)
            reader.fail(childPath(questionPath, "measure"),
                        "duplicate measure \"" + std::string(measureName(q.measure)) + "\"; "
                            + it->second + " already measures it");
    }
    return set;
}

struct Checkins {
    std::vector<Need> needs;
    std::vector<QuestionSet> questionSets;
};

Checkins readCheckins(const std::filesystem::path &file, const std::vector<RitualTemplate> &rituals)
{
    const Reader reader(file);
    const json doc = reader.document();
    reader.header(doc, checkinsFormat, checkinsFormatVersion);

    Checkins checkins;
    const json &needs = reader.list(doc, "needs", "", 1, Reader::unlimited, "need");
    UniqueIds needIds;
    for (std::size_t i = 0; i < needs.size(); ++i) {
        checkins.needs.push_back(readNeed(reader, needs, i));
        needIds.add(reader, checkins.needs.back().id, indexPath("needs", i));
    }
    // One vocabulary for rituals, check-ins and repairs: "needs named most often" counts them all.
    for (const auto &name : needNames()) {
        if (findById(checkins.needs, name) == nullptr)
            reader.fail("needs", "lacks \"" + name
                                     + "\", a need rituals use; the list must hold every one of: "
                                     + join(needNames()));
    }

    const std::vector<std::string> knownNeeds = idsOf(checkins.needs);
    const json &sets = reader.list(doc, "questionSets", "", 1, Reader::unlimited, "question set");
    UniqueIds setIds;
    for (std::size_t i = 0; i < sets.size(); ++i) {
        checkins.questionSets.push_back(readQuestionSet(reader, sets, i, knownNeeds, rituals));
        setIds.add(reader, checkins.questionSets.back().id, indexPath("questionSets", i));
    }
    return checkins;
}

// ---- repairs.json ----

void readFeelings(const Reader &reader, const json &v, const std::string &path, RepairStep &step)
{
    step.groups =
        readChoices(reader, reader.list(v, "groups", path, 1, Reader::unlimited, "group"),
                    childPath(path, "groups"), maxLabelLength);
    const std::vector<std::string> groupIds = idsOf(step.groups);

    const json &list = reader.list(v, "choices", path, minFeelings, Reader::unlimited, "choice");
    const std::string listPath = childPath(path, "choices");
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string itemPath = indexPath(listPath, i);
        const json &c = reader.objectAt(list[i], itemPath);
        Feeling f;
        f.id = reader.id(c, "id", itemPath);
        ids.add(reader, f.id, itemPath);
        f.group = reader.oneOf(c, "group", itemPath, groupIds, "group");
        f.label = reader.text(c, "label", itemPath, maxLabelLength);
        step.feelings.push_back(std::move(f));
    }
    step.maxChoices =
        reader.integer(v, "maxChoices", path, 1, static_cast<int>(step.feelings.size()));
}

RepairStep readRepairStep(const Reader &reader, const json &list, std::size_t index,
                          const std::string &listPath, const std::vector<std::string> &needIds)
{
    const std::string path = indexPath(listPath, index);
    const json &v = reader.objectAt(list[index], path);

    RepairStep step;
    step.id = reader.id(v, "id", path);
    step.title = reader.text(v, "title", path, maxTitleLength);
    step.kind = enumOf<RepairStepKind>(
        repairStepKindNames(), reader.oneOf(v, "kind", path, repairStepKindNames(), "kind"));
    step.instructions = reader.text(v, "instructions", path, maxInstructionsLength);
    step.prompt = reader.optionalText(v, "prompt", path, maxPromptLength);
    step.placeholder = reader.optionalText(v, "placeholder", path, maxPlaceholderLength);
    step.isPrivate = reader.boolean(v, "private", path);
    step.required = reader.boolean(v, "required", path);

    const std::string choicesPath = childPath(path, "choices");
    switch (step.kind) {
    case RepairStepKind::Calm: {
        step.choices = readChoices(reader, reader.list(v, "choices", path, 2, 2, "choice"),
                                   choicesPath, maxLabelLength);
        // The app acts on these two ids: `break` starts the flooding break.
        const std::vector<std::string> calmIds{"ready", "break"};
        for (std::size_t i = 0; i < step.choices.size(); ++i) {
            if (std::find(calmIds.begin(), calmIds.end(), step.choices[i].id) == calmIds.end())
                reader.fail(childPath(indexPath(choicesPath, i), "id"),
                            "must be \"ready\" or \"break\", not \"" + step.choices[i].id + "\"");
        }
        break;
    }
    case RepairStepKind::Feelings:
        readFeelings(reader, v, path, step);
        break;
    case RepairStepKind::Text:
    case RepairStepKind::Apology:
    case RepairStepKind::Plan:
        step.maxLength = readMaxLength(reader, v, path);
        break;
    case RepairStepKind::Needs:
        step.needs = readNeedChoices(reader, v, path, needIds);
        step.maxChoices =
            reader.integer(v, "maxChoices", path, 1, static_cast<int>(step.needs.size()));
        break;
    case RepairStepKind::Acceptance:
        step.choices =
            readChoices(reader, reader.list(v, "choices", path, 1, Reader::unlimited, "choice"),
                        choicesPath, maxLabelLength);
        // Both partners choosing `accepted` is what counts as the apologies accepted.
        if (findById(step.choices, "accepted") == nullptr)
            reader.fail(choicesPath, "must include a choice with the id \"accepted\"");
        if (v.contains("maxLength"))
            step.maxLength = readMaxLength(reader, v, path);
        break;
    }
    return step;
}

void readPhrases(const Reader &reader, const json &v, const std::string &path, RepairGuide &guide)
{
    guide.instructions = reader.text(v, "instructions", path, maxInstructionsLength);
    guide.groups =
        readChoices(reader, reader.list(v, "groups", path, 1, Reader::unlimited, "group"),
                    childPath(path, "groups"), maxLabelLength);
    const std::vector<std::string> groupIds = idsOf(guide.groups);

    const json &list = reader.list(v, "phrases", path, 1, Reader::unlimited, "phrase");
    const std::string listPath = childPath(path, "phrases");
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string itemPath = indexPath(listPath, i);
        const json &p = reader.objectAt(list[i], itemPath);
        RepairPhrase phrase;
        phrase.id = reader.id(p, "id", itemPath);
        ids.add(reader, phrase.id, itemPath);
        phrase.group = reader.oneOf(p, "group", itemPath, groupIds, "group");
        phrase.text = reader.text(p, "text", itemPath, maxPhraseLength);
        guide.phrases.push_back(std::move(phrase));
    }
}

RepairGuide readRepairGuide(const Reader &reader, const json &list, std::size_t index,
                            const std::vector<std::string> &needIds)
{
    const std::string path = indexPath("guides", index);
    const json &v = reader.objectAt(list[index], path);

    RepairGuide guide;
    guide.id = reader.id(v, "id", path);
    guide.version = reader.integer(v, "version", path, 1, std::numeric_limits<int>::max());
    guide.kind = enumOf<RepairGuideKind>(
        repairGuideKindNames(), reader.oneOf(v, "kind", path, repairGuideKindNames(), "kind"));
    guide.title = reader.text(v, "title", path, maxTitleLength);
    guide.purpose = reader.text(v, "purpose", path, maxPurposeLength);
    guide.durationMinutes = reader.integer(v, "durationMinutes", path, 1, maxSessionMinutes);
    guide.credit = reader.text(v, "credit", path, maxCreditLength);

    if (guide.kind == RepairGuideKind::Phrases) {
        readPhrases(reader, v, path, guide);
        return guide;
    }
    const json &steps = reader.list(v, "steps", path, 1, maxRepairSteps, "step");
    const std::string stepsPath = childPath(path, "steps");
    UniqueIds ids;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        guide.steps.push_back(readRepairStep(reader, steps, i, stepsPath, needIds));
        ids.add(reader, guide.steps.back().id, indexPath(stepsPath, i));
    }
    return guide;
}

FloodingGuide readFlooding(const Reader &reader, const json &doc)
{
    const std::string path = "flooding";
    const json &v = reader.object(doc, "flooding", "");

    FloodingGuide f;
    f.minimumMinutes =
        reader.integer(v, "minimumMinutes", path, minFloodingMinutes, maxFloodingMinutes);
    // Checked against minimum and maximum below, with a message that names them.
    const int defaultMinutes = reader.integer(v, "defaultMinutes", path,
                                              std::numeric_limits<int>::min(),
                                              std::numeric_limits<int>::max());
    f.maximumMinutes =
        reader.integer(v, "maximumMinutes", path, f.minimumMinutes, maxFloodingMinutes);
    if (defaultMinutes < f.minimumMinutes || defaultMinutes > f.maximumMinutes)
        reader.fail(childPath(path, "defaultMinutes"),
                    "must be between minimumMinutes (" + std::to_string(f.minimumMinutes)
                        + ") and maximumMinutes (" + std::to_string(f.maximumMinutes) + "), not "
                        + std::to_string(defaultMinutes));
    f.defaultMinutes = defaultMinutes;
    f.explanation = reader.text(v, "explanation", path, maxFloodingTextLength);
    f.callPrompt = reader.text(v, "callPrompt", path, maxFloodingTextLength);
    f.returnPrompt = reader.text(v, "returnPrompt", path, maxFloodingTextLength);

    const json &list =
        reader.list(v, "soothing", path, minSoothingIdeas, Reader::unlimited, "idea");
    const std::string listPath = childPath(path, "soothing");
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string itemPath = indexPath(listPath, i);
        const json &s = reader.objectAt(list[i], itemPath);
        SoothingIdea idea{reader.id(s, "id", itemPath),
                          reader.text(s, "text", itemPath, maxSoothingLength)};
        ids.add(reader, idea.id, itemPath);
        f.soothing.push_back(std::move(idea));
    }
    return f;
}

std::vector<IntensityLevel> readIntensity(const Reader &reader, const json &doc)
{
    const std::string path = "intensity";
    const json &v = reader.object(doc, "intensity", "");
    // Fixed at 1 to 5: repairs store the number and the log compares them across releases.
    const auto exactly = [&](std::string_view key, int expected) {
        const int value = reader.integer(v, key, path, std::numeric_limits<int>::min(),
                                         std::numeric_limits<int>::max());
        if (value != expected)
            reader.fail(childPath(path, key), "must be " + std::to_string(expected)
                                                  + " (intensity runs from 1 to 5), not "
                                                  + std::to_string(value));
    };
    exactly("min", minIntensity);
    exactly("max", maxIntensity);

    const auto count = static_cast<std::size_t>(maxIntensity - minIntensity + 1);
    const json &list = reader.list(v, "labels", path, count, count, "label");
    const std::string listPath = childPath(path, "labels");
    std::vector<IntensityLevel> levels;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string itemPath = indexPath(listPath, i);
        const json &l = reader.objectAt(list[i], itemPath);
        const int expected = minIntensity + static_cast<int>(i);
        IntensityLevel level;
        level.value = reader.integer(l, "value", itemPath, std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max());
        if (level.value != expected)
            reader.fail(childPath(itemPath, "value"),
                        "must be " + std::to_string(expected)
                            + ": one label for each value from 1 to 5, in order; not "
                            + std::to_string(level.value));
        level.label = reader.text(l, "label", itemPath, maxLabelLength);
        levels.push_back(std::move(level));
    }
    return levels;
}

struct Repairs {
    std::vector<RepairGuide> guides;
    FloodingGuide flooding;
    std::vector<Topic> topics;
    std::vector<IntensityLevel> intensity;
};

Repairs readRepairs(const std::filesystem::path &file, const std::vector<Need> &needs)
{
    const Reader reader(file);
    const json doc = reader.document();
    reader.header(doc, repairsFormat, repairsFormatVersion);

    Repairs repairs;
    const std::vector<std::string> needIds = idsOf(needs);
    const json &guides = reader.array(doc, "guides", "");
    UniqueIds guideIds;
    for (std::size_t i = 0; i < guides.size(); ++i) {
        repairs.guides.push_back(readRepairGuide(reader, guides, i, needIds));
        guideIds.add(reader, repairs.guides.back().id, indexPath("guides", i));
    }
    repairs.flooding = readFlooding(reader, doc);
    const json &topics = reader.list(doc, "topics", "", 1, Reader::unlimited, "topic");
    for (auto &c : readChoices(reader, topics, "topics", maxLabelLength))
        repairs.topics.push_back(Topic{std::move(c.id), std::move(c.label)});
    repairs.intensity = readIntensity(reader, doc);
    return repairs;
}


// ---- us.json ----

// `{ "id", "label" }` suggestions to pick instead of typing; ids unique in their list.
std::vector<Suggestion> readSuggestions(const Reader &reader, const json &doc, std::string_view key)
{
    const json &list = reader.list(doc, key, "", 1, maxSuggestions, "suggestion");
    std::vector<Suggestion> suggestions;
    for (auto &c : readChoices(reader, list, std::string(key), maxLabelLength))
        suggestions.push_back(Suggestion{std::move(c.id), std::move(c.label)});
    return suggestions;
}

// `asksTime` and `timeLabel` of a signal kind or a reply: the label is there, with {time} in it,
// exactly when the message asks for a time, so the app never shows a time with nowhere to put it.
void readTimeFields(const Reader &reader, const json &v, const std::string &path, bool &asksTime,
                    std::string &timeLabel)
{
    asksTime = reader.boolean(v, "asksTime", path);
    const std::string field = childPath(path, "timeLabel");
    if (!asksTime) {
        if (v.contains("timeLabel"))
            reader.fail(field, "must be left out when asksTime is false");
        return;
    }
    timeLabel = reader.text(v, "timeLabel", path, maxLabelLength);
    const auto at = timeLabel.find(timePlaceholder);
    if (at == std::string::npos)
        reader.fail(field,
                    "must hold {time}, where the chosen time goes, not \"" + timeLabel + "\"");
    if (timeLabel.find(timePlaceholder, at + 1) != std::string::npos)
        reader.fail(field, "must hold {time} only once, not \"" + timeLabel + "\"");
}

std::string readLabelWithoutTime(const Reader &reader, const json &v, const std::string &path)
{
    std::string label = reader.text(v, "label", path, maxLabelLength);
    if (label.find(timePlaceholder) != std::string::npos)
        reader.fail(childPath(path, "label"), "must not hold {time}; the time goes in timeLabel");
    return label;
}

std::vector<SignalKind> readSignalKinds(const Reader &reader, const json &doc)
{
    const json &list = reader.list(doc, "signals", "", 1, maxSignalKinds, "signal");
    std::vector<SignalKind> kinds;
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = indexPath("signals", i);
        const json &v = reader.objectAt(list[i], path);
        SignalKind k;
        k.id = reader.id(v, "id", path);
        if (k.id == ownSignalKind)
            reader.fail(childPath(path, "id"), "\"own\" is kept for the couple's own signals");
        ids.add(reader, k.id, path);
        k.label = readLabelWithoutTime(reader, v, path);
        const json &icon = reader.member(v, "icon", path);
        const std::string iconField = childPath(path, "icon");
        k.icon = reader.text(icon, iconField, maxIdLength);
        if (!isValidId(k.icon))
            reader.fail(iconField, "\"" + k.icon
                                       + "\" is not an icon name: use lower-case letters, digits "
                                         "and single dashes, as in qml/components/Icon.qml");
        readTimeFields(reader, v, path, k.asksTime, k.timeLabel);
        kinds.push_back(std::move(k));
    }
    return kinds;
}

std::vector<QuickReply> readReplies(const Reader &reader, const json &doc)
{
    const json &list = reader.list(doc, "replies", "", 1, maxReplies, "reply");
    std::vector<QuickReply> replies;
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = indexPath("replies", i);
        const json &v = reader.objectAt(list[i], path);
        QuickReply r;
        r.id = reader.id(v, "id", path);
        ids.add(reader, r.id, path);
        r.label = readLabelWithoutTime(reader, v, path);
        readTimeFields(reader, v, path, r.asksTime, r.timeLabel);
        replies.push_back(std::move(r));
    }
    return replies;
}

// Lists of plain texts (compassion prompts, paragraphs, an exercise's steps and prompts): no
// repeats, so no two read the same. `lineBreaks` as Reader::text.
std::vector<std::string> readTexts(const Reader &reader, const json &parent, std::string_view key,
                                   const std::string &path, std::size_t min, std::size_t max,
                                   std::string_view item, std::size_t maxLength,
                                   bool lineBreaks = false)
{
    const json &list = reader.list(parent, key, path, min, max, item);
    const std::string listPath = childPath(path, key);
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string field = indexPath(listPath, i);
        std::string text = reader.text(list[i], field, maxLength, lineBreaks);
        const auto same = std::find(texts.begin(), texts.end(), text);
        if (same != texts.end())
            reader.fail(field, "repeats " + indexPath(listPath, static_cast<std::size_t>(
                                                              same - texts.begin())));
        texts.push_back(std::move(text));
    }
    return texts;
}

std::vector<ExampleSignal> readExampleSignals(const Reader &reader, const json &doc)
{
    const json &list = reader.list(doc, "exampleSignals", "", 1, maxExamples, "example");
    std::vector<ExampleSignal> examples;
    std::map<std::string, std::string> firstWord;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = indexPath("exampleSignals", i);
        const json &v = reader.objectAt(list[i], path);
        ExampleSignal e{reader.text(v, "word", path, maxSignalWordLength),
                        reader.text(v, "meaning", path, maxSignalMeaningLength)};
        const auto [it, inserted] = firstWord.emplace(e.word, path);
        if (!inserted)
            reader.fail(childPath(path, "word"),
                        "duplicate word \"" + e.word + "\"; " + it->second + " already uses it");
        examples.push_back(std::move(e));
    }
    return examples;
}

std::vector<ExampleAgreement> readExampleAgreements(const Reader &reader, const json &doc)
{
    const json &list = reader.list(doc, "exampleAgreements", "", 1, maxExamples, "example");
    std::vector<ExampleAgreement> examples;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = indexPath("exampleAgreements", i);
        const json &v = reader.objectAt(list[i], path);
        examples.push_back(ExampleAgreement{reader.text(v, "situation", path, maxSituationLength),
                                            reader.text(v, "action", path, maxActionLength)});
    }
    return examples;
}

std::vector<SafetySection> readSafety(const Reader &reader, const json &doc)
{
    const json &list = reader.list(doc, "safety", "", 1, maxSafetySections, "section");
    std::vector<SafetySection> sections;
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = indexPath("safety", i);
        const json &v = reader.objectAt(list[i], path);
        SafetySection s;
        s.id = reader.id(v, "id", path);
        ids.add(reader, s.id, path);
        s.heading = reader.text(v, "heading", path, maxTitleLength);
        s.paragraphs = readTexts(reader, v, "paragraphs", path, 1, maxParagraphs, "paragraph",
                                 maxParagraphLength);
        sections.push_back(std::move(s));
    }
    return sections;
}

UsContent readUs(const std::filesystem::path &file)
{
    const Reader reader(file);
    const json doc = reader.document();
    reader.header(doc, usFormat, usFormatVersion);

    UsContent us;
    us.formatVersion = usFormatVersion;
    us.situations = readSuggestions(reader, doc, "situations");
    us.bodySensations = readSuggestions(reader, doc, "bodySensations");
    us.earlySigns = readSuggestions(reader, doc, "earlySigns");
    us.helps = readSuggestions(reader, doc, "helps");
    us.emotions = readSuggestions(reader, doc, "emotions");
    us.reactions = readSuggestions(reader, doc, "reactions");
    us.compassionPrompts = readTexts(reader, doc, "compassionPrompts", "", 1, Reader::unlimited,
                                     "prompt", maxCompassionLength);
    us.signalKinds = readSignalKinds(reader, doc);
    us.replies = readReplies(reader, doc);
    us.exampleSignals = readExampleSignals(reader, doc);
    us.exampleAgreements = readExampleAgreements(reader, doc);
    us.safety = readSafety(reader, doc);
    return us;
}

// ---- cards.json ----

CardSource readSource(const Reader &reader, const json &list, std::size_t index,
                      const std::string &listPath)
{
    const std::string path = indexPath(listPath, index);
    const json &v = reader.objectAt(list[index], path);
    CardSource source;
    source.citation = reader.text(v, "citation", path, maxCitationLength);
    source.url = reader.optionalText(v, "url", path, maxUrlLength);
    if (!source.url.empty() && !source.url.starts_with("https://"))
        reader.fail(childPath(path, "url"), "must start with https://, not \"" + source.url + "\"");
    return source;
}

LearnCard readCard(const Reader &reader, const json &list, std::size_t index,
                   const std::vector<std::string> &topicIds)
{
    const std::string path = indexPath("cards", index);
    const json &v = reader.objectAt(list[index], path);

    LearnCard card;
    card.id = reader.id(v, "id", path);
    card.version = reader.integer(v, "version", path, 1, std::numeric_limits<int>::max());
    card.topic = reader.oneOf(v, "topic", path, topicIds, "topic");
    card.title = reader.text(v, "title", path, maxTitleLength);
    card.summary = reader.text(v, "summary", path, maxSummaryLength);
    card.body = readTexts(reader, v, "body", path, 1, maxCardParagraphs, "paragraph",
                          maxParagraphLength);
    const json &sources = reader.list(v, "sources", path, 1, maxSources, "source");
    const std::string sourcesPath = childPath(path, "sources");
    for (std::size_t i = 0; i < sources.size(); ++i)
        card.sources.push_back(readSource(reader, sources, i, sourcesPath));
    card.reflectionPrompt = reader.optionalText(v, "reflectionPrompt", path, maxPromptLength);
    return card;
}

struct Cards {
    std::vector<Suggestion> topics;
    std::vector<LearnCard> cards;
    std::string reflectionNote;
};

Cards readCards(const std::filesystem::path &file)
{
    const Reader reader(file);
    const json doc = reader.document();
    reader.header(doc, cardsFormat, cardsFormatVersion);

    Cards cards;
    cards.reflectionNote = reader.text(doc, "reflectionNote", "", maxReflectionNoteLength);
    const json &topics = reader.list(doc, "topics", "", 1, maxCardTopics, "topic");
    for (auto &c : readChoices(reader, topics, "topics", maxLabelLength))
        cards.topics.push_back(Suggestion{std::move(c.id), std::move(c.label)});
    const std::vector<std::string> topicIds = idsOf(cards.topics);

    const json &list = reader.list(doc, "cards", "", 1, Reader::unlimited, "card");
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        cards.cards.push_back(readCard(reader, list, i, topicIds));
        ids.add(reader, cards.cards.back().id, indexPath("cards", i));
    }
    // The Learn pane shows a heading per topic; one without cards would stand empty.
    for (std::size_t i = 0; i < cards.topics.size(); ++i) {
        const std::string &topic = cards.topics[i].id;
        if (std::none_of(cards.cards.begin(), cards.cards.end(),
                         [&topic](const LearnCard &c) { return c.topic == topic; }))
            reader.fail(indexPath("topics", i), "no card has the topic \"" + topic + "\"");
    }
    return cards;
}

// ---- exercises.json ----

// One exercise at `path` ("" for a document of its own). `formatIds`: the formats it may name,
// or nullptr for a copy, which may name a format this version does not know (or "custom").
Exercise readExercise(const Reader &reader, const json &v, const std::string &path,
                      const ExerciseLimits &limits, const std::vector<std::string> *formatIds)
{
    reader.objectAt(v, path.empty() ? "$" : path);

    Exercise e;
    e.id = reader.id(v, "id", path);
    e.version = reader.integer(v, "version", path, 1, std::numeric_limits<int>::max());
    e.format = formatIds != nullptr ? reader.oneOf(v, "format", path, *formatIds, "format")
                                    : reader.id(v, "format", path);
    e.title = reader.text(v, "title", path, limits.title);
    e.purpose = reader.text(reader.member(v, "purpose", path), childPath(path, "purpose"),
                            limits.purpose, limits.lineBreaks);
    static const std::vector<std::string> whoValues{"together", "each"};
    e.who = reader.oneOf(v, "who", path, whoValues, "value");
    e.minutes = reader.integer(v, "minutes", path, 1, maxExerciseMinutes);
    // Checked against minutes below, with a message that names them.
    const int timer = reader.integer(v, "timerMinutes", path, std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max());
    if (timer < 0 || timer > e.minutes)
        reader.fail(childPath(path, "timerMinutes"),
                    "must be between 0 (no timer) and minutes (" + std::to_string(e.minutes)
                        + "), not " + std::to_string(timer));
    e.timerMinutes = timer;
    e.steps = readTexts(reader, v, "steps", path, minSteps, limits.steps, "step", limits.step,
                        limits.lineBreaks);
    e.prompts = readTexts(reader, v, "prompts", path, 1, limits.prompts, "prompt", limits.prompt,
                          limits.lineBreaks);
    e.source = reader.text(v, "source", path, limits.source);
    return e;
}

struct Exercises {
    std::vector<Suggestion> formats;
    std::vector<Exercise> exercises;
};

Exercises readExercises(const std::filesystem::path &file)
{
    const Reader reader(file);
    const json doc = reader.document();
    reader.header(doc, exercisesFormat, exercisesFormatVersion);

    Exercises out;
    const json &formats = reader.list(doc, "formats", "", 1, maxExerciseFormats, "format");
    for (auto &c : readChoices(reader, formats, "formats", maxLabelLength))
        out.formats.push_back(Suggestion{std::move(c.id), std::move(c.label)});
    for (std::size_t i = 0; i < out.formats.size(); ++i) {
        if (out.formats[i].id == customExerciseFormat)
            reader.fail(childPath(indexPath("formats", i), "id"),
                        "\"custom\" is kept for a therapist's own exercises");
    }
    const std::vector<std::string> formatIds = idsOf(out.formats);

    const json &list = reader.list(doc, "exercises", "", 1, Reader::unlimited, "exercise");
    UniqueIds ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = indexPath("exercises", i);
        out.exercises.push_back(readExercise(reader, list[i], path, fileExercise, &formatIds));
        ids.add(reader, out.exercises.back().id, path);
    }
    // The library lists exercises under their format; one without exercises would stand empty.
    for (std::size_t i = 0; i < out.formats.size(); ++i) {
        const std::string &format = out.formats[i].id;
        if (std::none_of(out.exercises.begin(), out.exercises.end(),
                         [&format](const Exercise &e) { return e.format == format; }))
            reader.fail(indexPath("formats", i), "no exercise has the format \"" + format + "\"");
    }
    return out;
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

std::string_view questionKindName(QuestionKind kind)
{
    return questionKindNames().at(static_cast<std::size_t>(kind));
}

std::string_view measureName(Measure measure)
{
    return measure == Measure::None
               ? std::string_view()
               : std::string_view(measureNames().at(static_cast<std::size_t>(measure) - 1));
}

std::string_view repairStepKindName(RepairStepKind kind)
{
    return repairStepKindNames().at(static_cast<std::size_t>(kind));
}

std::string_view repairGuideKindName(RepairGuideKind kind)
{
    return repairGuideKindNames().at(static_cast<std::size_t>(kind));
}

namespace {

// Optional text is written only when it is there, as the file would hold it.
void putIfSet(json &j, std::string_view key, const std::string &value)
{
    if (!value.empty())
        j[std::string(key)] = value;
}

} // namespace

void to_json(json &j, const Need &n)
{
    j = json{{"id", n.id}, {"label", n.label}, {"description", n.description}};
}

void to_json(json &j, const StatementPart &v)
{
    j = json{{"id", v.id}, {"label", v.label}};
    putIfSet(j, "placeholder", v.placeholder);
}

void to_json(json &j, const Question &v)
{
    j = json{{"id", v.id},
             {"kind", questionKindName(v.kind)},
             {"prompt", v.prompt},
             {"required", v.required}};
    putIfSet(j, "help", v.help);
    switch (v.kind) {
    case QuestionKind::Scale:
        j["min"] = v.min;
        j["max"] = v.max;
        j["minLabel"] = v.minLabel;
        j["maxLabel"] = v.maxLabel;
        if (v.measure != Measure::None)
            j["measure"] = measureName(v.measure);
        break;
    case QuestionKind::Text:
        j["maxLength"] = v.maxLength;
        putIfSet(j, "placeholder", v.placeholder);
        break;
    case QuestionKind::Needs:
        j["needs"] = v.needs;
        j["maxChoices"] = v.maxChoices;
        break;
    case QuestionKind::Appreciations:
        j["count"] = v.count;
        j["maxLength"] = v.maxLength;
        putIfSet(j, "placeholder", v.placeholder);
        break;
    case QuestionKind::FeelingStatement:
        j["parts"] = v.parts;
        j["maxLength"] = v.maxLength;
        break;
    }
}

void to_json(json &j, const QuestionSet &s)
{
    j = json{{"id", s.id},
             {"version", s.version},
             {"title", s.title},
             {"purpose", s.purpose},
             {"durationMinutes", s.durationMinutes},
             {"credit", s.credit},
             {"questions", s.questions}};
    putIfSet(j, "ritual", s.ritual);
}

void to_json(json &j, const Choice &v) { j = json{{"id", v.id}, {"label", v.label}}; }

void to_json(json &j, const Feeling &v)
{
    j = json{{"id", v.id}, {"group", v.group}, {"label", v.label}};
}

void to_json(json &j, const RepairStep &v)
{
    j = json{{"id", v.id},
             {"title", v.title},
             {"kind", repairStepKindName(v.kind)},
             {"instructions", v.instructions},
             {"private", v.isPrivate},
             {"required", v.required}};
    putIfSet(j, "prompt", v.prompt);
    putIfSet(j, "placeholder", v.placeholder);
    switch (v.kind) {
    case RepairStepKind::Calm:
        j["choices"] = v.choices;
        break;
    case RepairStepKind::Feelings:
        j["groups"] = v.groups;
        j["choices"] = v.feelings;
        j["maxChoices"] = v.maxChoices;
        break;
    case RepairStepKind::Text:
    case RepairStepKind::Apology:
    case RepairStepKind::Plan:
        j["maxLength"] = v.maxLength;
        break;
    case RepairStepKind::Needs:
        j["needs"] = v.needs;
        j["maxChoices"] = v.maxChoices;
        break;
    case RepairStepKind::Acceptance:
        j["choices"] = v.choices;
        if (v.maxLength > 0)
            j["maxLength"] = v.maxLength;
        break;
    }
}

void to_json(json &j, const RepairPhrase &v)
{
    j = json{{"id", v.id}, {"group", v.group}, {"text", v.text}};
}

void to_json(json &j, const RepairGuide &g)
{
    j = json{{"id", g.id},
             {"version", g.version},
             {"kind", repairGuideKindName(g.kind)},
             {"title", g.title},
             {"purpose", g.purpose},
             {"durationMinutes", g.durationMinutes},
             {"credit", g.credit}};
    if (g.kind == RepairGuideKind::Steps) {
        j["steps"] = g.steps;
    } else {
        j["instructions"] = g.instructions;
        j["groups"] = g.groups;
        j["phrases"] = g.phrases;
    }
}

void to_json(json &j, const SoothingIdea &v) { j = json{{"id", v.id}, {"text", v.text}}; }

void to_json(json &j, const FloodingGuide &f)
{
    j = json{{"minimumMinutes", f.minimumMinutes},
             {"defaultMinutes", f.defaultMinutes},
             {"maximumMinutes", f.maximumMinutes},
             {"explanation", f.explanation},
             {"callPrompt", f.callPrompt},
             {"returnPrompt", f.returnPrompt},
             {"soothing", f.soothing}};
}

void to_json(json &j, const Topic &v) { j = json{{"id", v.id}, {"label", v.label}}; }

void to_json(json &j, const IntensityLevel &v) { j = json{{"value", v.value}, {"label", v.label}}; }

void to_json(json &j, const Suggestion &v) { j = json{{"id", v.id}, {"label", v.label}}; }

void to_json(json &j, const SignalKind &v)
{
    j = json{{"id", v.id}, {"label", v.label}, {"icon", v.icon}, {"asksTime", v.asksTime}};
    putIfSet(j, "timeLabel", v.timeLabel);
}

void to_json(json &j, const QuickReply &v)
{
    j = json{{"id", v.id}, {"label", v.label}, {"asksTime", v.asksTime}};
    putIfSet(j, "timeLabel", v.timeLabel);
}

void to_json(json &j, const ExampleSignal &v)
{
    j = json{{"word", v.word}, {"meaning", v.meaning}};
}

void to_json(json &j, const ExampleAgreement &v)
{
    j = json{{"situation", v.situation}, {"action", v.action}};
}

void to_json(json &j, const SafetySection &v)
{
    j = json{{"id", v.id}, {"heading", v.heading}, {"paragraphs", v.paragraphs}};
}

void to_json(json &j, const UsContent &v)
{
    j = json{{"format", usFormat},
             {"formatVersion", v.formatVersion},
             {"situations", v.situations},
             {"bodySensations", v.bodySensations},
             {"earlySigns", v.earlySigns},
             {"helps", v.helps},
             {"emotions", v.emotions},
             {"reactions", v.reactions},
             {"compassionPrompts", v.compassionPrompts},
             {"signals", v.signalKinds},
             {"replies", v.replies},
             {"exampleSignals", v.exampleSignals},
             {"exampleAgreements", v.exampleAgreements},
             {"safety", v.safety}};
}

void to_json(json &j, const CardSource &v)
{
    j = json{{"citation", v.citation}};
    putIfSet(j, "url", v.url);
}

void to_json(json &j, const LearnCard &v)
{
    j = json{{"id", v.id},           {"version", v.version}, {"topic", v.topic},
             {"title", v.title},     {"summary", v.summary}, {"body", v.body},
             {"sources", v.sources}};
    putIfSet(j, "reflectionPrompt", v.reflectionPrompt);
}

void to_json(json &j, const Exercise &v)
{
    j = json{{"id", v.id},
             {"version", v.version},
             {"format", v.format},
             {"title", v.title},
             {"purpose", v.purpose},
             {"who", v.who},
             {"minutes", v.minutes},
             {"timerMinutes", v.timerMinutes},
             {"steps", v.steps},
             {"prompts", v.prompts},
             {"source", v.source}};
}

void from_json(const json &j, Exercise &v)
{
    const Reader reader(std::filesystem::path("exercise"));
    v = readExercise(reader, j, "", copiedExercise, nullptr);
}

const Question *QuestionSet::question(std::string_view questionId) const
{
    return findById(questions, questionId);
}

const Question *QuestionSet::questionFor(Measure measure) const
{
    if (measure == Measure::None)
        return nullptr;
    const auto it = std::find_if(questions.begin(), questions.end(),
                                 [measure](const Question &q) { return q.measure == measure; });
    return it == questions.end() ? nullptr : &*it;
}

const RepairStep *RepairGuide::step(std::string_view stepId) const
{
    return findById(steps, stepId);
}

ContentLibrary ContentLibrary::load(const std::filesystem::path &dir)
{
    ContentLibrary library;
    library.m_rituals = readRituals(dir / "rituals.json");
    // checkins.json refers to rituals (a set's `ritual`), and repairs.json to checkins.json's
    // needs, so the files are read in this order.
    Checkins checkins = readCheckins(dir / "checkins.json", library.m_rituals);
    library.m_needs = std::move(checkins.needs);
    library.m_questionSets = std::move(checkins.questionSets);
    Repairs repairs = readRepairs(dir / "repairs.json", library.m_needs);
    library.m_repairGuides = std::move(repairs.guides);
    library.m_flooding = std::move(repairs.flooding);
    library.m_topics = std::move(repairs.topics);
    library.m_intensity = std::move(repairs.intensity);
    library.m_us = readUs(dir / "us.json");
    Cards cards = readCards(dir / "cards.json");
    library.m_cards = std::move(cards.cards);
    library.m_cardTopics = std::move(cards.topics);
    library.m_reflectionNote = std::move(cards.reflectionNote);
    Exercises exercises = readExercises(dir / "exercises.json");
    library.m_exercises = std::move(exercises.exercises);
    library.m_exerciseFormats = std::move(exercises.formats);
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

const Need *ContentLibrary::need(std::string_view id) const { return findById(m_needs, id); }

const QuestionSet *ContentLibrary::questionSet(std::string_view id) const
{
    return findById(m_questionSets, id);
}

const RepairGuide *ContentLibrary::repairGuide(std::string_view id) const
{
    return findById(m_repairGuides, id);
}

const Topic *ContentLibrary::topic(std::string_view id) const { return findById(m_topics, id); }

std::string_view ContentLibrary::intensityLabel(int value) const
{
    const auto it = std::find_if(m_intensity.begin(), m_intensity.end(),
                                 [value](const IntensityLevel &l) { return l.value == value; });
    return it == m_intensity.end() ? std::string_view() : std::string_view(it->label);
}

const SignalKind *ContentLibrary::signalKind(std::string_view id) const { return findById(m_us.signalKinds, id); }

const QuickReply *ContentLibrary::quickReply(std::string_view id) const { return findById(m_us.replies, id); }

const LearnCard *ContentLibrary::card(std::string_view id) const { return findById(m_cards, id); }

const Exercise *ContentLibrary::exercise(std::string_view id) const
{
    return findById(m_exercises, id);
}

} // namespace hearth
