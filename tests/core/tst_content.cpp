// The content library: the shipped templates, check-in sets, repair guides, Us content, Learn
// cards and exercises cover what the app promises, and every kind of broken content file is refused with an
// error that names the file and the exact field.

#include "contentlibrary.h"
#include "errors.h"

#include <QByteArray>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>

using hearth::ContentError;
using hearth::ContentLibrary;
using hearth::Measure;
using hearth::Question;
using hearth::QuestionKind;
using hearth::QuestionSet;
using hearth::RepairGuide;
using hearth::RepairGuideKind;
using hearth::RepairStep;
using hearth::RepairStepKind;
using hearth::RitualTemplate;
using nlohmann::json;

namespace {

const std::filesystem::path realContentDir{HEARTH_CONTENT_DIR};

QString qs(const std::string &s) { return QString::fromStdString(s); }

std::filesystem::path pathOf(const QTemporaryDir &dir) { return dir.path().toStdString(); }

const char *const contentFiles[] = {"rituals.json", "checkins.json", "repairs.json", "us.json",
                                    "cards.json",   "exercises.json"};

std::filesystem::path ritualsFile(const std::filesystem::path &dir) { return dir / "rituals.json"; }

json readJson(const std::filesystem::path &file)
{
    std::ifstream in(file);
    return json::parse(in);
}

// Fills dir with the shipped content files, so a test can replace just the one it breaks.
void copyRealContent(const std::filesystem::path &dir)
{
    for (const char *name : contentFiles)
        std::filesystem::copy_file(realContentDir / name, dir / name,
                                   std::filesystem::copy_options::overwrite_existing);
}

// Writes `text` as dir/name, next to shipped copies of the other content files.
void writeText(const std::filesystem::path &dir, const std::string &text,
               const std::string &name = "rituals.json")
{
    copyRealContent(dir);
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out << text;
}

void writeJson(const std::filesystem::path &dir, const json &doc,
               const std::string &name = "rituals.json")
{
    writeText(dir, doc.dump(2), name);
}

// A copy of doc with the value at `pointer` replaced by the JSON `value`, or removed when
// `value` is empty (a key from an object, an item from an array).
json edited(json doc, const QString &pointer, const QString &value)
{
    const json::json_pointer where(pointer.toStdString());
    if (!value.isEmpty()) {
        doc[where] = json::parse(value.toStdString());
        return doc;
    }
    json &parent = doc.at(where.parent_pointer());
    if (parent.is_array())
        parent.erase(std::stoul(where.back()));
    else
        parent.erase(where.back());
    return doc;
}

// Loads dir; on a ContentError returns nothing and leaves its text in `error` for QVERIFY2.
std::optional<ContentLibrary> tryLoad(const std::filesystem::path &dir, std::string &error)
{
    try {
        return ContentLibrary::load(dir);
    } catch (const ContentError &e) {
        error = e.what();
    }
    return std::nullopt;
}

std::optional<ContentError> loadError(const std::filesystem::path &dir)
{
    try {
        (void)ContentLibrary::load(dir);
    } catch (const ContentError &e) {
        return e;
    }
    return std::nullopt;
}

// Restores HEARTH_CONTENT_DIR as it was, whatever the test did to it.
class EnvironmentGuard {
public:
    EnvironmentGuard() : m_had(qEnvironmentVariableIsSet(name)), m_value(qgetenv(name)) {}
    ~EnvironmentGuard()
    {
        if (m_had)
            qputenv(name, m_value);
        else
            qunsetenv(name);
    }
    EnvironmentGuard(const EnvironmentGuard &) = delete;
    EnvironmentGuard &operator=(const EnvironmentGuard &) = delete;

    static constexpr const char *name = "HEARTH_CONTENT_DIR";

private:
    bool m_had;
    QByteArray m_value;
};

} // namespace

class TestContent : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void realLibraryLoads();
    void realLibraryCoversEveryTheme();
    void realLibraryMatchesTheMethodsItCredits();
    void realTemplatesFollowHouseRules();
    void lookupById();
    void toJsonWritesTheFileShape();

    void brokenCopy_data();
    void brokenCopy();
    void invalidJsonNamesLineAndColumn();
    void emptyFileIsInvalidJson();
    void duplicateIdNamesTheSecondOne();
    void missingFile();
    void directoryInsteadOfFile();

    void limitsAreInclusiveAndCountCharacters();
    void unknownKeysAreAllowed();
    void loadDefaultHonoursEnvironment();

    void realCheckinsCoverWhatTheAppPromises();
    void everyRitualNeedIsACheckinNeed();
    void realRepairsCoverWhatTheAppPromises();
    void checkinLookups();
    void repairLookups();
    void checkinsWriteBackAsRead();
    void repairsWriteBackAsRead();
    void kindNamesMatchTheFiles();
    void optionalFieldsMayBeLeftOut();
    void newFilesAllowUnknownKeys();
    void newLimitsAreInclusive();
    void defaultLibraryIsEmpty();

    void brokenCheckinsOrRepairs_data();
    void brokenCheckinsOrRepairs();
    void brokenFile_data();
    void brokenFile();

    void realUsContentCoversWhatTheAppPromises();
    void realCardsCoverWhatTheAppPromises();
    void contentNeverLabelsAnyone();
    void usAndCardLookups();
    void usAndCardsWriteBackAsRead();
    void usAndCardsOptionalFieldsMayBeLeftOut();
    void usAndCardsAllowUnknownKeys();
    void usAndCardLimitsAreInclusive();
    void brokenUsOrCards_data();
    void brokenUsOrCards();

    void realExercisesCoverWhatTheIssuePromises();
    void exercisesWriteBackAsRead();
    void exerciseCopyRoundTrips();
    void exerciseCopyRefusesBadInput();

private:
    // Loads a copy of the shipped content with `doc` as `name`, which must load.
    std::optional<ContentLibrary> loadWith(const std::string &name, const json &doc,
                                           std::string &error);

    json m_real;
    json m_checkins;
    json m_repairs;
    json m_us;
    json m_cards;
    json m_exercises;
    std::optional<ContentLibrary> m_library;
};

void TestContent::initTestCase()
{
    QVERIFY2(std::filesystem::is_regular_file(ritualsFile(realContentDir)),
             qPrintable(qs(ritualsFile(realContentDir).string()) + " is missing"));
    std::string error;
    m_library = tryLoad(realContentDir, error);
    QVERIFY2(m_library, error.c_str());
    m_real = readJson(ritualsFile(realContentDir));
    QVERIFY(m_real.at("rituals").size() >= 8); // the broken copies below edit rituals[0..7]
    m_checkins = readJson(realContentDir / "checkins.json");
    m_repairs = readJson(realContentDir / "repairs.json");
    m_us = readJson(realContentDir / "us.json");
    m_cards = readJson(realContentDir / "cards.json");
    // The broken copies below edit these items.
    QVERIFY(m_us.at("signals").size() >= 5 && m_us.at("replies").size() >= 3);
    QVERIFY(m_cards.at("cards").size() >= 10);
    m_exercises = readJson(realContentDir / "exercises.json");
    QVERIFY(m_exercises.at("exercises").size() >= 10 && m_exercises.at("formats").size() >= 4);
}

std::optional<ContentLibrary> TestContent::loadWith(const std::string &name, const json &doc,
                                                    std::string &error)
{
    QTemporaryDir dir;
    if (!dir.isValid()) {
        error = "no temporary directory";
        return std::nullopt;
    }
    writeJson(pathOf(dir), doc, name);
    return tryLoad(pathOf(dir), error);
}

void TestContent::realLibraryLoads()
{
    std::string error;
    const auto loaded = tryLoad(realContentDir, error);
    QVERIFY2(loaded, error.c_str());
    const ContentLibrary &library = *loaded;
    QVERIFY2(library.rituals().size() >= 12,
             qPrintable(QString("only %1 templates").arg(library.rituals().size())));
    QCOMPARE(library.rituals().size(), m_real.at("rituals").size());
}

void TestContent::realLibraryCoversEveryTheme()
{
    struct Theme {
        const char *name;
        const char *kind;
        const char *id; // where a kind alone is too broad to prove the theme
    };
    const Theme themes[] = {
        {"goodbye", "parting", nullptr},
        {"reunion", "reunion", nullptr},
        {"stress-reducing conversation", "conversation", "stress-reducing-conversation"},
        {"weekly check-in", "check-in", "weekly-check-in"},
        {"State of the Union", "meeting", "state-of-the-union"},
        {"appreciation", "appreciation", nullptr},
        {"bedtime", "bedtime", nullptr},
        {"date night", "date", nullptr},
        {"tech-free time", "unplugged", nullptr},
        {"morning coffee", "morning", nullptr},
        {"monthly review", "review", nullptr},
        {"long distance", "distance", nullptr},
    };
    const ContentLibrary &library = *m_library;
    for (const auto &theme : themes) {
        const bool found = std::any_of(
            library.rituals().begin(), library.rituals().end(), [&](const RitualTemplate &t) {
                return t.kind == theme.kind && (theme.id == nullptr || t.id == theme.id);
            });
        QVERIFY2(found, qPrintable(QString("no template for %1 (kind %2%3)")
                                       .arg(theme.name, theme.kind,
                                            theme.id ? QString(", id ") + theme.id : QString())));
    }
}

void TestContent::realLibraryMatchesTheMethodsItCredits()
{
    const ContentLibrary &library = *m_library;

    // Gottman's State of the Union: weekly, about an hour, opening with five appreciations.
    const RitualTemplate *union_ = library.ritual("state-of-the-union");
    QVERIFY(union_);
    QVERIFY(union_->rrule.starts_with("FREQ=WEEKLY"));
    QCOMPARE(union_->durationMinutes, 60);
    QVERIFY(union_->steps.front().find("five") != std::string::npos);

    // The stress-reducing conversation: daily, about twenty minutes.
    const RitualTemplate *stress = library.ritual("stress-reducing-conversation");
    QVERIFY(stress);
    QVERIFY(stress->rrule.starts_with("FREQ=DAILY"));
    QVERIFY(stress->durationMinutes >= 20);

    // Partings are a six-second kiss or a twenty-second hug: minutes, not an event.
    for (const auto &t : library.rituals()) {
        if (t.kind == "parting")
            QVERIFY2(t.durationMinutes <= 5, t.id.c_str());
    }
}

void TestContent::realTemplatesFollowHouseRules()
{
    const ContentLibrary &library = *m_library;
    std::set<std::string> ids;
    std::set<std::string> titles;
    for (const auto &t : library.rituals()) {
        QVERIFY2(ids.insert(t.id).second, qPrintable("duplicate id " + qs(t.id)));
        QVERIFY2(titles.insert(t.title).second, qPrintable("duplicate title " + qs(t.title)));
        // Shown one at a time while doing the ritual: a handful, not a worksheet.
        QVERIFY2(t.steps.size() >= 2 && t.steps.size() <= 6, t.id.c_str());
        QVERIFY2(t.version >= 1, t.id.c_str());
        QVERIFY2(std::find(hearth::ritualKinds().begin(), hearth::ritualKinds().end(), t.kind)
                     != hearth::ritualKinds().end(),
                 t.id.c_str());
        QVERIFY2(std::find(hearth::needNames().begin(), hearth::needNames().end(), t.need)
                     != hearth::needNames().end(),
                 t.id.c_str());
        QVERIFY2(!t.credit.empty(), t.id.c_str());
    }
}

void TestContent::lookupById()
{
    const ContentLibrary &library = *m_library;
    for (const auto &t : library.rituals()) {
        const RitualTemplate *found = library.ritual(t.id);
        QVERIFY2(found == &t, t.id.c_str());
    }
    QCOMPARE(library.ritual("no-such-ritual"), nullptr);
    QCOMPARE(library.ritual(""), nullptr);
}

void TestContent::toJsonWritesTheFileShape()
{
    // The shipped file has no extra keys, so each template must write back exactly as read:
    // this catches any field read into the wrong member.
    const ContentLibrary &library = *m_library;
    const json &list = m_real.at("rituals");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json written = library.rituals()[i];
        QVERIFY2(written == list[i], qPrintable(qs(written.dump()) + "\n!=\n" + qs(list[i].dump())));
    }
}

void TestContent::brokenCopy_data()
{
    QTest::addColumn<QString>("pointer"); // JSON pointer into a copy of the real file
    QTest::addColumn<QString>("value");   // JSON to put there; empty removes the key
    QTest::addColumn<QString>("field");   // the field the error must name
    QTest::addColumn<QString>("message"); // a phrase the message must contain

    const QString longTitle = '"' + QString(81, 'a') + '"';
    const QString longPurpose = '"' + QString(301, 'a') + '"';
    const QString longStep = '"' + QString(301, 'a') + '"';

    QTest::newRow("missing title") << "/rituals/2/title" << "" << "rituals[2].title" << "missing";
    QTest::newRow("blank title") << "/rituals/2/title" << "\"   \"" << "rituals[2].title" << "empty";
    QTest::newRow("title too long") << "/rituals/2/title" << longTitle << "rituals[2].title"
                                    << "at most 80";
    QTest::newRow("title with line break") << "/rituals/2/title" << "\"Two\\nlines\""
                                           << "rituals[2].title" << "one line";
    QTest::newRow("title a number") << "/rituals/2/title" << "7" << "rituals[2].title"
                                    << "must be a string";
    QTest::newRow("hour 25") << "/rituals/3/schedule/time" << "\"25:00\""
                             << "rituals[3].schedule.time" << "25:00";
    QTest::newRow("hour 24") << "/rituals/3/schedule/time" << "\"24:00\""
                             << "rituals[3].schedule.time" << "24:00";
    QTest::newRow("minute 60") << "/rituals/3/schedule/time" << "\"12:60\""
                               << "rituals[3].schedule.time" << "HH:MM";
    QTest::newRow("hour without zero") << "/rituals/3/schedule/time" << "\"7:30\""
                                       << "rituals[3].schedule.time" << "HH:MM";
    QTest::newRow("time with seconds") << "/rituals/3/schedule/time" << "\"07:30:00\""
                                       << "rituals[3].schedule.time" << "HH:MM";
    QTest::newRow("missing time") << "/rituals/3/schedule/time" << ""
                                  << "rituals[3].schedule.time" << "missing";
    QTest::newRow("unknown kind") << "/rituals/1/kind" << "\"picnic\"" << "rituals[1].kind"
                                  << "unknown kind \"picnic\"";
    QTest::newRow("kind in capitals") << "/rituals/1/kind" << "\"Parting\"" << "rituals[1].kind"
                                      << "unknown kind";
    QTest::newRow("unknown need") << "/rituals/4/need" << "\"chocolate\"" << "rituals[4].need"
                                  << "unknown need";
    QTest::newRow("steps a string") << "/rituals/0/steps" << "\"Hug.\"" << "rituals[0].steps"
                                    << "must be an array, not a string";
    QTest::newRow("step a number") << "/rituals/0/steps/1" << "42" << "rituals[0].steps[1]"
                                   << "must be a string";
    QTest::newRow("one step") << "/rituals/5/steps" << "[\"Only this.\"]" << "rituals[5].steps"
                              << "2 to 8";
    QTest::newRow("nine steps") << "/rituals/5/steps"
                                << "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]"
                                << "rituals[5].steps" << "2 to 8";
    QTest::newRow("empty step") << "/rituals/5/steps/1" << "\"\"" << "rituals[5].steps[1]"
                                << "empty";
    QTest::newRow("step too long") << "/rituals/5/steps/0" << longStep << "rituals[5].steps[0]"
                                   << "at most 300";
    QTest::newRow("purpose too long") << "/rituals/6/purpose" << longPurpose
                                      << "rituals[6].purpose" << "at most 300";
    QTest::newRow("missing purpose") << "/rituals/6/purpose" << "" << "rituals[6].purpose"
                                     << "missing";
    QTest::newRow("version zero") << "/rituals/0/version" << "0" << "rituals[0].version"
                                  << "between 1 and";
    QTest::newRow("version negative") << "/rituals/0/version" << "-3" << "rituals[0].version"
                                      << "between 1 and";
    QTest::newRow("version fraction") << "/rituals/0/version" << "1.5" << "rituals[0].version"
                                      << "whole number";
    QTest::newRow("version a string") << "/rituals/0/version" << "\"1\"" << "rituals[0].version"
                                      << "whole number, not a string";
    QTest::newRow("version huge") << "/rituals/0/version" << "99999999999" << "rituals[0].version"
                                  << "between 1 and";
    QTest::newRow("id in capitals") << "/rituals/7/id" << "\"Date-Night\"" << "rituals[7].id"
                                    << "not a valid id";
    QTest::newRow("id with space") << "/rituals/7/id" << "\"date night\"" << "rituals[7].id"
                                   << "not a valid id";
    QTest::newRow("id ends in dash") << "/rituals/7/id" << "\"date-\"" << "rituals[7].id"
                                     << "not a valid id";
    QTest::newRow("id empty") << "/rituals/7/id" << "\"\"" << "rituals[7].id" << "not a valid id";
    QTest::newRow("id a number") << "/rituals/7/id" << "7" << "rituals[7].id" << "must be a string";
    QTest::newRow("missing id") << "/rituals/7/id" << "" << "rituals[7].id" << "missing";
    QTest::newRow("duration zero") << "/rituals/1/schedule/durationMinutes" << "0"
                                   << "rituals[1].schedule.durationMinutes" << "between 1 and 1440";
    QTest::newRow("duration over a day") << "/rituals/1/schedule/durationMinutes" << "1441"
                                         << "rituals[1].schedule.durationMinutes"
                                         << "between 1 and 1440";
    QTest::newRow("reminder negative") << "/rituals/1/reminderMinutes" << "-1"
                                       << "rituals[1].reminderMinutes" << "between 0 and 10080";
    QTest::newRow("reminder over a week") << "/rituals/1/reminderMinutes" << "10081"
                                          << "rituals[1].reminderMinutes" << "between 0 and 10080";
    QTest::newRow("reminder a boolean") << "/rituals/1/reminderMinutes" << "true"
                                        << "rituals[1].reminderMinutes" << "not a boolean";
    QTest::newRow("rrule without FREQ") << "/rituals/2/schedule/rrule" << "\"BYDAY=MO\""
                                        << "rituals[2].schedule.rrule" << "FREQ=";
    QTest::newRow("rrule with prefix") << "/rituals/2/schedule/rrule" << "\"RRULE:FREQ=DAILY\""
                                       << "rituals[2].schedule.rrule" << "FREQ=";
    QTest::newRow("rrule hourly") << "/rituals/2/schedule/rrule" << "\"FREQ=HOURLY;INTERVAL=2\""
                                  << "rituals[2].schedule.rrule" << "unknown FREQ \"HOURLY\"";
    QTest::newRow("rrule empty FREQ") << "/rituals/2/schedule/rrule" << "\"FREQ=;BYDAY=MO\""
                                      << "rituals[2].schedule.rrule" << "unknown FREQ";
    QTest::newRow("schedule missing") << "/rituals/0/schedule" << "" << "rituals[0].schedule"
                                      << "missing";
    QTest::newRow("schedule an array") << "/rituals/0/schedule" << "[]" << "rituals[0].schedule"
                                       << "must be an object";
    QTest::newRow("credit empty") << "/rituals/4/credit" << "\"\"" << "rituals[4].credit" << "empty";
    QTest::newRow("credit missing") << "/rituals/4/credit" << "" << "rituals[4].credit"
                                    << "missing";
    QTest::newRow("ritual a string") << "/rituals/6" << "\"date-night\"" << "rituals[6]"
                                     << "must be an object";
    QTest::newRow("wrong format") << "/format" << "\"hearth.cards\"" << "format"
                                  << "must be \"hearth.rituals\"";
    QTest::newRow("format missing") << "/format" << "" << "format" << "missing";
    QTest::newRow("newer formatVersion") << "/formatVersion" << "2" << "formatVersion"
                                         << "reads formatVersion 1, not 2";
    QTest::newRow("rituals an object") << "/rituals" << "{}" << "rituals" << "must be an array";
    QTest::newRow("rituals empty") << "/rituals" << "[]" << "rituals" << "at least one";
    QTest::newRow("document an array") << "" << "[1, 2]" << "$" << "must be a JSON object";
}

void TestContent::brokenCopy()
{
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, field);
    QFETCH(QString, message);

    const json doc = edited(m_real, pointer, value);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), doc);

    const auto error = loadError(pathOf(dir));
    QVERIFY2(error, "the broken copy loaded without an error");
    QCOMPARE(qs(error->file()), qs(ritualsFile(pathOf(dir)).string()));
    QCOMPARE(qs(error->field()), field);
    const QString what = qs(error->what());
    QVERIFY2(what.contains(message), qPrintable(what));
    QVERIFY2(what.startsWith(qs(error->file()) + ": " + field + ": "), qPrintable(what));
}

void TestContent::invalidJsonNamesLineAndColumn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeText(pathOf(dir), "{\n  \"format\": \"hearth.rituals\",\n  \"formatVersion\": 1,,\n"
                           "  \"rituals\": []\n}\n");
    const auto error = loadError(pathOf(dir));
    QVERIFY(error);
    QCOMPARE(qs(error->file()), qs(ritualsFile(pathOf(dir)).string()));
    QCOMPARE(qs(error->field()), QString("line 3, column 22"));
    const QString what = qs(error->what());
    QVERIFY2(what.contains("invalid JSON at byte "), qPrintable(what));
}

void TestContent::emptyFileIsInvalidJson()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeText(pathOf(dir), "");
    const auto error = loadError(pathOf(dir));
    QVERIFY(error);
    QCOMPARE(qs(error->file()), qs(ritualsFile(pathOf(dir)).string()));
    QCOMPARE(qs(error->field()), QString("line 1, column 1"));
    QVERIFY2(qs(error->what()).contains("invalid JSON"), error->what());
}

void TestContent::duplicateIdNamesTheSecondOne()
{
    json doc = m_real;
    doc["rituals"][5]["id"] = doc["rituals"][1]["id"];
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), doc);

    const auto error = loadError(pathOf(dir));
    QVERIFY(error);
    QCOMPARE(qs(error->file()), qs(ritualsFile(pathOf(dir)).string()));
    QCOMPARE(qs(error->field()), QString("rituals[5].id"));
    const QString what = qs(error->what());
    QVERIFY2(what.contains("duplicate id") && what.contains("rituals[1]"), qPrintable(what));
}

void TestContent::missingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto error = loadError(pathOf(dir));
    QVERIFY(error);
    QCOMPARE(qs(error->file()), qs(ritualsFile(pathOf(dir)).string()));
    QCOMPARE(qs(error->field()), QString("$"));
    QVERIFY2(qs(error->what()).contains("no such file"), error->what());

    const auto inMissingDir = loadError(pathOf(dir) / "nowhere");
    QVERIFY(inMissingDir);
    QCOMPARE(qs(inMissingDir->file()), qs(ritualsFile(pathOf(dir) / "nowhere").string()));
}

void TestContent::directoryInsteadOfFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::filesystem::create_directory(ritualsFile(pathOf(dir)));
    const auto error = loadError(pathOf(dir));
    QVERIFY(error);
    QCOMPARE(qs(error->field()), QString("$"));
    QVERIFY2(qs(error->what()).contains("not a regular file"), error->what());
}

void TestContent::limitsAreInclusiveAndCountCharacters()
{
    json doc = m_real;
    json &r = doc["rituals"][0];
    // 80 two-byte characters: 160 bytes, but within the 80-character limit.
    std::string title;
    for (int i = 0; i < 80; ++i)
        title += "\u00e9";
    r["title"] = title;
    r["purpose"] = std::string(300, 'p');
    r["steps"] = json::array({std::string(300, 's'), "b", "c", "d", "e", "f", "g", "h"});
    r["version"] = 7;
    r["schedule"] = {{"rrule", "FREQ=YEARLY"}, {"time", "23:59"}, {"durationMinutes", 1440}};
    r["reminderMinutes"] = 10080;
    doc["rituals"][1]["schedule"]["time"] = "00:00";
    doc["rituals"][1]["schedule"]["durationMinutes"] = 1;
    doc["rituals"][1]["reminderMinutes"] = 0;

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), doc);
    std::string error;
    const auto library = tryLoad(pathOf(dir), error);
    QVERIFY2(library, error.c_str());
    const RitualTemplate &t = library->rituals().front();
    QCOMPARE(qs(t.title), qs(title));
    QCOMPARE(t.version, 7);
    QCOMPARE(t.steps.size(), std::size_t{8});
    QCOMPARE(qs(t.rrule), QString("FREQ=YEARLY"));
    QCOMPARE(qs(t.time), QString("23:59"));
    QCOMPARE(t.durationMinutes, 1440);
    QCOMPARE(t.reminderMinutes, 10080);
    QCOMPARE(qs(library->rituals()[1].time), QString("00:00"));
    QCOMPARE(library->rituals()[1].durationMinutes, 1);
}

void TestContent::unknownKeysAreAllowed()
{
    // A newer Hearth may add keys; this one must still read the file.
    json doc = m_real;
    doc["publisher"] = "a later version";
    doc["rituals"][0]["illustration"] = "goodbye.svg";
    doc["rituals"][0]["schedule"]["byLocation"] = json::object();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), doc);
    std::string error;
    const auto library = tryLoad(pathOf(dir), error);
    QVERIFY2(library, error.c_str());
    QCOMPARE(library->rituals().size(), m_real.at("rituals").size());
    QCOMPARE(qs(library->rituals().front().id), qs(m_real["rituals"][0]["id"].get<std::string>()));
}

void TestContent::loadDefaultHonoursEnvironment()
{
    const EnvironmentGuard guard;

    // All templates stay: checkins.json refers to some of them.
    json doc = m_real;
    doc["rituals"][0]["title"] = "From the environment";
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), doc);

    qputenv(EnvironmentGuard::name, dir.path().toLocal8Bit());
    QCOMPARE(qs(ContentLibrary::defaultDir().string()), dir.path());
    const auto fromEnv = ContentLibrary::loadDefault();
    QCOMPARE(fromEnv.rituals().size(), m_real.at("rituals").size());
    QCOMPARE(qs(fromEnv.rituals().front().title), QString("From the environment"));
    QCOMPARE(fromEnv.questionSets().size(), m_checkins.at("questionSets").size());

    // An empty value means "not set", not "the current directory".
    qputenv(EnvironmentGuard::name, QByteArray());
    QCOMPARE(qs(ContentLibrary::defaultDir().string()), qs(realContentDir.string()));

    qunsetenv(EnvironmentGuard::name);
    QCOMPARE(qs(ContentLibrary::defaultDir().string()), qs(realContentDir.string()));
    QCOMPARE(ContentLibrary::loadDefault().rituals().size(), m_real.at("rituals").size());
}

void TestContent::realCheckinsCoverWhatTheAppPromises()
{
    const ContentLibrary &library = *m_library;

    QCOMPARE(library.questionSets().size(), std::size_t{3});
    QCOMPARE(library.questionSets().size(), m_checkins.at("questionSets").size());
    QCOMPARE(library.needs().size(), m_checkins.at("needs").size());
    // The needs a partner can pick, from issue 4's list.
    for (const char *id : {"reassurance", "space", "affection", "help", "quality-time",
                           "being-heard"})
        QVERIFY2(library.need(id), id);

    // The weekly check-in follows all three trends, each on one scale.
    const QuestionSet *weekly = library.questionSet("weekly");
    QVERIFY(weekly);
    QCOMPARE(qs(weekly->ritual), QString("weekly-check-in"));
    for (const Measure m : {Measure::Mood, Measure::Closeness, Measure::Stress}) {
        const Question *q = weekly->questionFor(m);
        QVERIFY2(q, hearth::measureName(m).data());
        QCOMPARE(q->kind, QuestionKind::Scale);
        QVERIFY(q->min < q->max);
        QVERIFY(!q->minLabel.empty() && !q->maxLabel.empty());
    }
    QCOMPARE(weekly->questionFor(Measure::None), nullptr);
    QVERIFY(std::any_of(weekly->questions.begin(), weekly->questions.end(),
                        [](const Question &q) { return q.kind == QuestionKind::Needs; }));

    // The daily temperature reading is short: a few questions, a couple of minutes.
    const QuestionSet *temperature = library.questionSet("temperature");
    QVERIFY(temperature);
    QVERIFY(temperature->questions.size() >= 3 && temperature->questions.size() <= 5);
    QVERIFY(temperature->durationMinutes < 3);
    QVERIFY(temperature->ritual.empty());
    QVERIFY(temperature->questionFor(Measure::Mood));

    // The State of the Union opens with appreciations and raises one issue as I feel/about/need.
    const QuestionSet *sotu = library.questionSet("state-of-the-union");
    QVERIFY(sotu);
    QCOMPARE(qs(sotu->ritual), QString("state-of-the-union"));
    QCOMPARE(sotu->questions.front().kind, QuestionKind::Appreciations);
    QCOMPARE(sotu->questions.front().count, 5);
    const auto statement = std::find_if(sotu->questions.begin(), sotu->questions.end(), [](const Question &q) {
        return q.kind == QuestionKind::FeelingStatement;
    });
    QVERIFY(statement != sotu->questions.end());
    QCOMPARE(statement->parts.size(), std::size_t{3});
    QCOMPARE(qs(statement->parts[0].label), QString("I feel"));
    QCOMPARE(qs(statement->parts[1].label), QString("about"));
    QCOMPARE(qs(statement->parts[2].label), QString("I need"));

    for (const QuestionSet &set : library.questionSets()) {
        if (!set.ritual.empty())
            QVERIFY2(library.ritual(set.ritual), set.id.c_str());
        for (const Question &q : set.questions) {
            for (const auto &need : q.needs)
                QVERIFY2(library.need(need), qPrintable(qs(set.id + "/" + q.id + ": " + need)));
            if (q.kind == QuestionKind::Needs)
                QVERIFY(q.maxChoices >= 1 && q.maxChoices <= static_cast<int>(q.needs.size()));
        }
    }
}

void TestContent::everyRitualNeedIsACheckinNeed()
{
    // One vocabulary: a ritual's need can be charted with the needs named in check-ins.
    const ContentLibrary &library = *m_library;
    for (const auto &name : hearth::needNames())
        QVERIFY2(library.need(name), name.c_str());
    for (const RitualTemplate &t : library.rituals())
        QVERIFY2(library.need(t.need), qPrintable(qs(t.id + ": " + t.need)));
}

void TestContent::realRepairsCoverWhatTheAppPromises()
{
    const ContentLibrary &library = *m_library;
    QCOMPARE(library.repairGuides().size(), std::size_t{2});

    const RepairGuide *aftermath = library.repairGuide("aftermath");
    QVERIFY(aftermath);
    QCOMPARE(aftermath->kind, RepairGuideKind::Steps);
    const std::vector<std::pair<std::string, RepairStepKind>> expected{
        {"calm", RepairStepKind::Calm},         {"feelings", RepairStepKind::Feelings},
        {"reality", RepairStepKind::Text},      {"understood", RepairStepKind::Text},
        {"triggers", RepairStepKind::Text},     {"needs-touched", RepairStepKind::Needs},
        {"set-up", RepairStepKind::Text},       {"my-part", RepairStepKind::Text},
        {"apology", RepairStepKind::Apology},   {"acceptance", RepairStepKind::Acceptance},
        {"plan", RepairStepKind::Plan},         {"move-on", RepairStepKind::Text},
    };
    QCOMPARE(aftermath->steps.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const RepairStep &step = aftermath->steps[i];
        QCOMPARE(qs(step.id), qs(expected[i].first));
        QCOMPARE(step.kind, expected[i].second);
        // Each writes alone and sees the other's when both have written, except the calm check.
        QCOMPARE(step.isPrivate, step.kind != RepairStepKind::Calm);
    }
    const RepairStep *calm = aftermath->step("calm");
    QVERIFY(calm);
    QCOMPARE(calm->choices.size(), std::size_t{2});
    const RepairStep *feelings = aftermath->step("feelings");
    QVERIFY(feelings);
    QVERIFY(feelings->feelings.size() >= 20);
    for (const auto &f : feelings->feelings)
        QVERIFY2(std::any_of(feelings->groups.begin(), feelings->groups.end(),
                             [&](const hearth::Choice &g) { return g.id == f.group; }),
                 f.id.c_str());
    const RepairStep *acceptance = aftermath->step("acceptance");
    QVERIFY(acceptance);
    QVERIFY(std::any_of(acceptance->choices.begin(), acceptance->choices.end(),
                        [](const hearth::Choice &c) { return c.id == "accepted"; }));
    QVERIFY(acceptance->maxLength > 0);
    for (const auto &need : aftermath->step("needs-touched")->needs)
        QVERIFY2(library.need(need), need.c_str());

    const RepairGuide *attempt = library.repairGuide("repair-attempt");
    QVERIFY(attempt);
    QCOMPARE(attempt->kind, RepairGuideKind::Phrases);
    QVERIFY(attempt->steps.empty());
    QVERIFY2(attempt->phrases.size() >= 20,
             qPrintable(QString("only %1 repair phrases").arg(attempt->phrases.size())));
    QVERIFY(!attempt->instructions.empty());

    const hearth::FloodingGuide &flooding = library.flooding();
    QCOMPARE(flooding.minimumMinutes, 20);
    QVERIFY(flooding.minimumMinutes <= flooding.defaultMinutes);
    QVERIFY(flooding.defaultMinutes <= flooding.maximumMinutes);
    QVERIFY(flooding.soothing.size() >= 8);
    QVERIFY(flooding.callPrompt.find("{time}") != std::string::npos);

    QVERIFY(library.topics().size() >= 10);
    QVERIFY(library.topic("other"));

    QCOMPARE(library.intensityLevels().size(), std::size_t{5});
    for (int value = 1; value <= 5; ++value)
        QVERIFY2(!library.intensityLabel(value).empty(), qPrintable(QString::number(value)));
    QVERIFY(library.intensityLabel(0).empty());
    QVERIFY(library.intensityLabel(6).empty());
}

void TestContent::checkinLookups()
{
    const ContentLibrary &library = *m_library;
    for (const auto &set : library.questionSets()) {
        QCOMPARE(library.questionSet(set.id), &set);
        for (const auto &q : set.questions)
            QCOMPARE(set.question(q.id), &q);
        QCOMPARE(set.question("no-such-question"), nullptr);
    }
    for (const auto &need : library.needs())
        QCOMPARE(library.need(need.id), &need);
    QCOMPARE(library.questionSet("no-such-set"), nullptr);
    QCOMPARE(library.questionSet(""), nullptr);
    QCOMPARE(library.need("chocolate"), nullptr);
}

void TestContent::repairLookups()
{
    const ContentLibrary &library = *m_library;
    for (const auto &guide : library.repairGuides()) {
        QCOMPARE(library.repairGuide(guide.id), &guide);
        for (const auto &step : guide.steps)
            QCOMPARE(guide.step(step.id), &step);
        QCOMPARE(guide.step("no-such-step"), nullptr);
    }
    for (const auto &topic : library.topics())
        QCOMPARE(library.topic(topic.id), &topic);
    QCOMPARE(library.repairGuide("no-such-guide"), nullptr);
    QCOMPARE(library.topic("no-such-topic"), nullptr);
    QCOMPARE(qs(std::string(library.intensityLabel(1))),
             qs(m_repairs["intensity"]["labels"][0]["label"].get<std::string>()));
}

void TestContent::checkinsWriteBackAsRead()
{
    // The shipped files hold no extra keys, so writing the values back must give the file:
    // a field read into the wrong member, or an optional one invented, shows up here.
    const ContentLibrary &library = *m_library;
    const json needs = library.needs();
    QVERIFY2(needs == m_checkins.at("needs"), qPrintable(qs(needs.dump())));
    const json &sets = m_checkins.at("questionSets");
    for (std::size_t i = 0; i < sets.size(); ++i) {
        const json written = library.questionSets()[i];
        QVERIFY2(written == sets[i], qPrintable(qs(written.dump()) + "\n!=\n" + qs(sets[i].dump())));
    }
}

void TestContent::repairsWriteBackAsRead()
{
    const ContentLibrary &library = *m_library;
    const json &guides = m_repairs.at("guides");
    for (std::size_t i = 0; i < guides.size(); ++i) {
        const json written = library.repairGuides()[i];
        QVERIFY2(written == guides[i],
                 qPrintable(qs(written.dump()) + "\n!=\n" + qs(guides[i].dump())));
    }
    const json flooding = library.flooding();
    QVERIFY2(flooding == m_repairs.at("flooding"), qPrintable(qs(flooding.dump())));
    const json topics = library.topics();
    QVERIFY2(topics == m_repairs.at("topics"), qPrintable(qs(topics.dump())));
    const json labels = library.intensityLevels();
    QVERIFY2(labels == m_repairs.at("intensity").at("labels"), qPrintable(qs(labels.dump())));
}

void TestContent::kindNamesMatchTheFiles()
{
    QCOMPARE(qs(std::string(hearth::questionKindName(QuestionKind::Scale))), QString("scale"));
    QCOMPARE(qs(std::string(hearth::questionKindName(QuestionKind::FeelingStatement))),
             QString("feelingStatement"));
    QCOMPARE(qs(std::string(hearth::measureName(Measure::Stress))), QString("stress"));
    QVERIFY(hearth::measureName(Measure::None).empty());
    QCOMPARE(qs(std::string(hearth::repairStepKindName(RepairStepKind::Acceptance))),
             QString("acceptance"));
    QCOMPARE(qs(std::string(hearth::repairStepKindName(RepairStepKind::Plan))), QString("plan"));
    QCOMPARE(qs(std::string(hearth::repairGuideKindName(RepairGuideKind::Phrases))),
             QString("phrases"));
}

void TestContent::optionalFieldsMayBeLeftOut()
{
    json checkins = m_checkins;
    json &weekly = checkins["questionSets"][0];
    weekly.erase("ritual");
    weekly["questions"][0].erase("help");
    weekly["questions"][0].erase("measure");
    weekly["questions"][3].erase("placeholder");
    checkins["questionSets"][2]["questions"][2]["parts"][0].erase("placeholder");
    std::string error;
    auto library = loadWith("checkins.json", checkins, error);
    QVERIFY2(library, error.c_str());
    const QuestionSet *set = library->questionSet("weekly");
    QVERIFY(set->ritual.empty());
    QVERIFY(set->questions[0].help.empty());
    QCOMPARE(set->questions[0].measure, Measure::None);
    QCOMPARE(set->questionFor(Measure::Mood), nullptr);
    QVERIFY(set->questions[3].placeholder.empty());
    QVERIFY(library->questionSet("state-of-the-union")->questions[2].parts[0].placeholder.empty());

    json repairs = m_repairs;
    json &acceptance = repairs["guides"][0]["steps"][9];
    acceptance.erase("maxLength");
    acceptance.erase("prompt");
    repairs["guides"][0]["steps"][8].erase("placeholder");
    library = loadWith("repairs.json", repairs, error);
    QVERIFY2(library, error.c_str());
    const RepairStep *step = library->repairGuide("aftermath")->step("acceptance");
    QCOMPARE(step->maxLength, 0); // no note with the choice
    QVERIFY(step->prompt.empty());
    QVERIFY(library->repairGuide("aftermath")->step("apology")->placeholder.empty());
}

void TestContent::newFilesAllowUnknownKeys()
{
    json checkins = m_checkins;
    checkins["publisher"] = "a later version";
    checkins["needs"][0]["icon"] = "heart.svg";
    checkins["questionSets"][0]["colour"] = "amber";
    checkins["questionSets"][0]["questions"][0]["step"] = 1;
    json repairs = m_repairs;
    repairs["guides"][0]["steps"][0]["timer"] = 5;
    repairs["flooding"]["sound"] = "rain";
    repairs["intensity"]["colours"] = json::array();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), checkins, "checkins.json");
    std::ofstream(pathOf(dir) / "repairs.json") << repairs.dump();
    std::string error;
    const auto library = tryLoad(pathOf(dir), error);
    QVERIFY2(library, error.c_str());
    QCOMPARE(library->questionSets().size(), std::size_t{3});
    QCOMPARE(library->flooding().minimumMinutes, 20);
}

void TestContent::newLimitsAreInclusive()
{
    std::string twoHundred;
    for (int i = 0; i < 200; ++i)
        twoHundred += "\u00e9"; // two bytes, one character
    json checkins = m_checkins;
    json &q = checkins["questionSets"][1]["questions"];
    for (auto &scale : {0, 1, 2}) {
        q[scale]["min"] = 0;
        q[scale]["max"] = 10;
    }
    q[0]["prompt"] = twoHundred;
    q[0]["minLabel"] = std::string(40, 'm');
    q[4]["maxLength"] = 2000;
    q[3]["maxChoices"] = q[3]["needs"].size();
    checkins["questionSets"][1]["durationMinutes"] = 240;
    checkins["questionSets"][2]["questions"][0]["count"] = 10;
    std::string error;
    auto library = loadWith("checkins.json", checkins, error);
    QVERIFY2(library, error.c_str());
    const Question &mood = library->questionSet("temperature")->questions[0];
    QCOMPARE(mood.min, 0);
    QCOMPARE(mood.max, 10);
    QCOMPARE(qs(mood.prompt), qs(twoHundred));

    json repairs = m_repairs;
    repairs["flooding"]["minimumMinutes"] = 20;
    repairs["flooding"]["defaultMinutes"] = 20;
    repairs["flooding"]["maximumMinutes"] = 20;
    json &feelings = repairs["guides"][0]["steps"][1];
    feelings["choices"].erase(feelings["choices"].begin() + 20, feelings["choices"].end());
    feelings["maxChoices"] = 20;
    json &soothing = repairs["flooding"]["soothing"];
    soothing.erase(soothing.begin() + 8, soothing.end());
    library = loadWith("repairs.json", repairs, error);
    QVERIFY2(library, error.c_str());
    QCOMPARE(library->flooding().defaultMinutes, 20);
    QCOMPARE(library->flooding().maximumMinutes, 20);
    QCOMPARE(library->flooding().soothing.size(), std::size_t{8});
    QCOMPARE(library->repairGuide("aftermath")->step("feelings")->feelings.size(), std::size_t{20});
}

void TestContent::defaultLibraryIsEmpty()
{
    // The app builds one before content has loaded; it must answer without crashing.
    const ContentLibrary empty;
    QVERIFY(empty.needs().empty());
    QVERIFY(empty.questionSets().empty());
    QVERIFY(empty.repairGuides().empty());
    QVERIFY(empty.topics().empty());
    QCOMPARE(empty.questionSet("weekly"), nullptr);
    QVERIFY(empty.intensityLabel(3).empty());
    QCOMPARE(empty.flooding().minimumMinutes, 20);
}

void TestContent::brokenCheckinsOrRepairs_data()
{
    QTest::addColumn<QString>("file");    // checkins.json or repairs.json
    QTest::addColumn<QString>("pointer"); // JSON pointer into a copy of the real file
    QTest::addColumn<QString>("value");   // JSON to put there; empty removes the key or item
    QTest::addColumn<QString>("field");   // the field the error must name
    QTest::addColumn<QString>("message"); // a phrase the message must contain

    const auto str = [](int n, char c = 'a') { return '"' + QString(n, c) + '"'; };
    const QString c = "checkins.json";
    const QString r = "repairs.json";
    const QString weekly = "/questionSets/0/questions/";
    const QString wq = "questionSets[0].questions";

    // checkins.json: the document.
    QTest::newRow("checkins: format missing") << c << "/format" << "" << "format" << "missing";
    QTest::newRow("checkins: rituals format") << c << "/format" << "\"hearth.rituals\"" << "format"
                                              << "must be \"hearth.checkins\"";
    QTest::newRow("checkins: formatVersion 2") << c << "/formatVersion" << "2" << "formatVersion"
                                               << "reads formatVersion 1, not 2";
    QTest::newRow("checkins: document an array") << c << "" << "[]" << "$" << "must be a JSON object";
    QTest::newRow("checkins: needs missing") << c << "/needs" << "" << "needs" << "missing";
    QTest::newRow("checkins: needs empty") << c << "/needs" << "[]" << "needs" << "at least one need";
    QTest::newRow("checkins: needs an object") << c << "/needs" << "{}" << "needs"
                                               << "must be an array, not an object";
    QTest::newRow("checkins: questionSets missing") << c << "/questionSets" << "" << "questionSets"
                                                    << "missing";
    QTest::newRow("checkins: questionSets empty") << c << "/questionSets" << "[]" << "questionSets"
                                                  << "at least one question set";

    // Needs.
    QTest::newRow("need a string") << c << "/needs/1" << "\"space\"" << "needs[1]"
                                   << "must be an object, not a string";
    QTest::newRow("need label missing") << c << "/needs/3/label" << "" << "needs[3].label" << "missing";
    QTest::newRow("need label too long") << c << "/needs/3/label" << str(41) << "needs[3].label"
                                         << "at most 40 characters, not 41";
    QTest::newRow("need description a number") << c << "/needs/3/description" << "3"
                                               << "needs[3].description" << "must be a string, not a number";
    QTest::newRow("need description too long") << c << "/needs/3/description" << str(201)
                                               << "needs[3].description" << "at most 200";
    QTest::newRow("need id with spaces") << c << "/needs/4/id" << "\"quality time\"" << "needs[4].id"
                                         << "not a valid id";
    QTest::newRow("duplicate need id") << c << "/needs/2/id" << "\"reassurance\"" << "needs[2].id"
                                       << "duplicate id \"reassurance\"; needs[0] already uses it";
    QTest::newRow("ritual need left out") << c << "/needs/11" << "" << "needs"
                                          << "lacks \"rest\", a need rituals use";

    // Question sets.
    QTest::newRow("set id missing") << c << "/questionSets/1/id" << "" << "questionSets[1].id" << "missing";
    QTest::newRow("duplicate set id") << c << "/questionSets/2/id" << "\"weekly\"" << "questionSets[2].id"
                                      << "duplicate id \"weekly\"; questionSets[0] already uses it";
    QTest::newRow("set version 0") << c << "/questionSets/1/version" << "0" << "questionSets[1].version"
                                   << "between 1 and";
    QTest::newRow("set version a string") << c << "/questionSets/1/version" << "\"1\""
                                          << "questionSets[1].version" << "whole number, not a string";
    QTest::newRow("set title too long") << c << "/questionSets/1/title" << str(81)
                                        << "questionSets[1].title" << "at most 80";
    QTest::newRow("set purpose missing") << c << "/questionSets/1/purpose" << ""
                                         << "questionSets[1].purpose" << "missing";
    QTest::newRow("set duration 241") << c << "/questionSets/0/durationMinutes" << "241"
                                      << "questionSets[0].durationMinutes" << "between 1 and 240, not 241";
    QTest::newRow("set duration fraction") << c << "/questionSets/0/durationMinutes" << "15.5"
                                           << "questionSets[0].durationMinutes" << "whole number";
    QTest::newRow("set ritual unknown") << c << "/questionSets/0/ritual" << "\"weekly-chat\""
                                        << "questionSets[0].ritual" << "unknown ritual \"weekly-chat\"";
    QTest::newRow("set ritual a number") << c << "/questionSets/0/ritual" << "4"
                                         << "questionSets[0].ritual" << "must be a string";
    QTest::newRow("set credit blank") << c << "/questionSets/2/credit" << "\" \""
                                      << "questionSets[2].credit" << "empty";
    QTest::newRow("questions empty") << c << "/questionSets/1/questions" << "[]"
                                     << "questionSets[1].questions" << "1 to 20 questions, not 0";
    {
        json many = json::array();
        for (int i = 0; i < 21; ++i) {
            json q = m_checkins["questionSets"][0]["questions"][3];
            q["id"] = "q" + std::to_string(i);
            many.push_back(q);
        }
        QTest::newRow("21 questions") << c << "/questionSets/1/questions" << qs(many.dump())
                                      << "questionSets[1].questions" << "1 to 20 questions, not 21";
    }

    // Questions: every kind.
    QTest::newRow("question a string") << c << weekly + "1" << "\"closeness\"" << wq + "[1]"
                                       << "must be an object";
    QTest::newRow("question id missing") << c << weekly + "3/id" << "" << wq + "[3].id" << "missing";
    QTest::newRow("duplicate question id") << c << weekly + "4/id" << "\"felt-close\"" << wq + "[4].id"
                                           << "duplicate id \"felt-close\"; " + wq + "[3] already uses it";
    QTest::newRow("unknown question kind") << c << weekly + "3/kind" << "\"slider\"" << wq + "[3].kind"
                                           << "unknown kind \"slider\"; expected one of: scale, text";
    QTest::newRow("question kind a number") << c << weekly + "3/kind" << "1" << wq + "[3].kind"
                                            << "must be a string, not a number";
    QTest::newRow("question kind missing") << c << weekly + "3/kind" << "" << wq + "[3].kind" << "missing";
    QTest::newRow("prompt missing") << c << weekly + "3/prompt" << "" << wq + "[3].prompt" << "missing";
    QTest::newRow("prompt too long") << c << weekly + "3/prompt" << str(201) << wq + "[3].prompt"
                                     << "at most 200";
    QTest::newRow("prompt two lines") << c << weekly + "3/prompt" << "\"a\\nb\"" << wq + "[3].prompt"
                                      << "one line";
    QTest::newRow("help a boolean") << c << weekly + "0/help" << "true" << wq + "[0].help"
                                    << "must be a string, not a boolean";
    QTest::newRow("help null") << c << weekly + "0/help" << "null" << wq + "[0].help"
                               << "must be a string, not null";
    QTest::newRow("required missing") << c << weekly + "0/required" << "" << wq + "[0].required"
                                      << "missing";
    QTest::newRow("required a string") << c << weekly + "0/required" << "\"yes\"" << wq + "[0].required"
                                       << "must be true or false, not a string";
    QTest::newRow("required a number") << c << weekly + "0/required" << "1" << wq + "[0].required"
                                       << "must be true or false, not a number";

    QTest::newRow("scale min missing") << c << weekly + "0/min" << "" << wq + "[0].min" << "missing";
    QTest::newRow("scale min negative") << c << weekly + "0/min" << "-1" << wq + "[0].min"
                                        << "between 0 and 10";
    QTest::newRow("scale max 11") << c << weekly + "0/max" << "11" << wq + "[0].max" << "between 0 and 10";
    QTest::newRow("scale min equals max") << c << "/questionSets/1/questions/0/min" << "5"
                                          << "questionSets[1].questions[0].max"
                                          << "must be greater than min (5), not 5";
    QTest::newRow("scale max below min") << c << "/questionSets/1/questions/0/max" << "0"
                                         << "questionSets[1].questions[0].max"
                                         << "must be greater than min (1), not 0";
    QTest::newRow("scales of different ranges") << c << "/questionSets/1/questions/1/max" << "7"
                                                << "questionSets[1].questions[1].max"
                                                << "questionSets[1].questions[0] runs from 1 to 5";
    QTest::newRow("minLabel missing") << c << weekly + "1/minLabel" << "" << wq + "[1].minLabel" << "missing";
    QTest::newRow("maxLabel too long") << c << weekly + "1/maxLabel" << str(41) << wq + "[1].maxLabel"
                                       << "at most 40";
    QTest::newRow("unknown measure") << c << weekly + "1/measure" << "\"energy\"" << wq + "[1].measure"
                                     << "unknown measure \"energy\"; expected one of: mood, closeness, stress";
    QTest::newRow("measure twice") << c << weekly + "2/measure" << "\"mood\"" << wq + "[2].measure"
                                   << "duplicate measure \"mood\"; " + wq + "[0] already measures it";
    QTest::newRow("measure twice, daily set") << c << "/questionSets/1/questions/2/measure" << "\"stress\""
                                              << "questionSets[1].questions[2].measure"
                                              << "questionSets[1].questions[1] already measures it";

    QTest::newRow("text maxLength missing") << c << weekly + "3/maxLength" << "" << wq + "[3].maxLength"
                                            << "missing";
    QTest::newRow("text maxLength 0") << c << weekly + "3/maxLength" << "0" << wq + "[3].maxLength"
                                      << "between 1 and 2000";
    QTest::newRow("text maxLength 2001") << c << weekly + "3/maxLength" << "2001" << wq + "[3].maxLength"
                                         << "between 1 and 2000, not 2001";
    QTest::newRow("placeholder too long") << c << weekly + "3/placeholder" << str(121)
                                          << wq + "[3].placeholder" << "at most 120";

    QTest::newRow("needs question: unknown need") << c << weekly + "5/needs/2" << "\"chocolate\""
                                                  << wq + "[5].needs[2]" << "unknown need \"chocolate\"";
    QTest::newRow("needs question: need a number") << c << weekly + "5/needs/2" << "2"
                                                   << wq + "[5].needs[2]" << "must be a string";
    QTest::newRow("needs question: repeated need") << c << weekly + "5/needs/1" << "\"reassurance\""
                                                   << wq + "[5].needs[1]"
                                                   << "repeats \"reassurance\"; " + wq + "[5].needs[0] already";
    QTest::newRow("needs question: no needs") << c << weekly + "5/needs" << "[]" << wq + "[5].needs"
                                              << "at least one need";
    QTest::newRow("needs question: needs missing") << c << weekly + "5/needs" << "" << wq + "[5].needs"
                                                   << "missing";
    QTest::newRow("needs question: maxChoices 0") << c << weekly + "5/maxChoices" << "0"
                                                  << wq + "[5].maxChoices" << "between 1 and 14, not 0";
    QTest::newRow("needs question: maxChoices over needs") << c << "/questionSets/1/questions/3/maxChoices"
                                                           << "9" << "questionSets[1].questions[3].maxChoices"
                                                           << "between 1 and 8, not 9";

    const QString sotu = "/questionSets/2/questions/";
    const QString sq = "questionSets[2].questions";
    QTest::newRow("appreciations count 0") << c << sotu + "0/count" << "0" << sq + "[0].count"
                                           << "between 1 and 10";
    QTest::newRow("appreciations count 11") << c << sotu + "0/count" << "11" << sq + "[0].count"
                                            << "between 1 and 10, not 11";
    QTest::newRow("appreciations maxLength missing") << c << sotu + "0/maxLength" << ""
                                                     << sq + "[0].maxLength" << "missing";
    QTest::newRow("statement with two parts") << c << sotu + "2/parts/2" << "" << sq + "[2].parts"
                                              << "exactly 3 parts, not 2";
    QTest::newRow("statement parts an object") << c << sotu + "2/parts" << "{}" << sq + "[2].parts"
                                               << "must be an array";
    QTest::newRow("statement parts out of order") << c << sotu + "2/parts/0/id" << "\"about\""
                                                  << sq + "[2].parts[0].id" << "must be \"feel\"";
    QTest::newRow("statement part label missing") << c << sotu + "2/parts/1/label" << ""
                                                  << sq + "[2].parts[1].label" << "missing";
    QTest::newRow("statement part label too long") << c << sotu + "2/parts/1/label" << str(41)
                                                   << sq + "[2].parts[1].label" << "at most 40";
    QTest::newRow("statement maxLength 2001") << c << sotu + "2/maxLength" << "2001"
                                              << sq + "[2].maxLength" << "between 1 and 2000";

    // repairs.json: the document.
    QTest::newRow("repairs: checkins format") << r << "/format" << "\"hearth.checkins\"" << "format"
                                              << "must be \"hearth.repairs\"";
    QTest::newRow("repairs: formatVersion 0") << r << "/formatVersion" << "0" << "formatVersion"
                                              << "between 1 and";
    QTest::newRow("repairs: guides missing") << r << "/guides" << "" << "guides" << "missing";
    QTest::newRow("repairs: guides a string") << r << "/guides" << "\"aftermath\"" << "guides"
                                              << "must be an array, not a string";

    // Guides.
    const QString steps = "/guides/0/steps/";
    const QString gs = "guides[0].steps";
    QTest::newRow("guide a number") << r << "/guides/1" << "2" << "guides[1]" << "must be an object";
    QTest::newRow("duplicate guide id") << r << "/guides/1/id" << "\"aftermath\"" << "guides[1].id"
                                        << "duplicate id \"aftermath\"; guides[0] already uses it";
    QTest::newRow("unknown guide kind") << r << "/guides/0/kind" << "\"worksheet\"" << "guides[0].kind"
                                        << "unknown kind \"worksheet\"; expected one of: steps, phrases";
    QTest::newRow("guide version missing") << r << "/guides/0/version" << "" << "guides[0].version"
                                           << "missing";
    QTest::newRow("guide title missing") << r << "/guides/0/title" << "" << "guides[0].title" << "missing";
    QTest::newRow("guide duration 0") << r << "/guides/1/durationMinutes" << "0"
                                      << "guides[1].durationMinutes" << "between 1 and 240";
    QTest::newRow("guide credit too long") << r << "/guides/0/credit" << str(201) << "guides[0].credit"
                                           << "at most 200";
    QTest::newRow("steps missing") << r << "/guides/0/steps" << "" << gs << "missing";
    QTest::newRow("steps empty") << r << "/guides/0/steps" << "[]" << gs << "1 to 20 steps, not 0";

    // Steps.
    QTest::newRow("step an array") << r << steps + "2" << "[]" << gs + "[2]" << "must be an object, not an array";
    QTest::newRow("duplicate step id") << r << steps + "3/id" << "\"reality\"" << gs + "[3].id"
                                       << "duplicate id \"reality\"; " + gs + "[2] already uses it";
    QTest::newRow("unknown step kind") << r << steps + "2/kind" << "\"vent\"" << gs + "[2].kind"
                                       << "unknown kind \"vent\"; expected one of: calm, feelings";
    QTest::newRow("step title missing") << r << steps + "2/title" << "" << gs + "[2].title" << "missing";
    QTest::newRow("step instructions too long") << r << steps + "2/instructions" << str(501)
                                                << gs + "[2].instructions" << "at most 500";
    QTest::newRow("step prompt a number") << r << steps + "2/prompt" << "5" << gs + "[2].prompt"
                                          << "must be a string";
    QTest::newRow("step private missing") << r << steps + "2/private" << "" << gs + "[2].private"
                                          << "missing";
    QTest::newRow("step private a string") << r << steps + "2/private" << "\"true\"" << gs + "[2].private"
                                           << "must be true or false, not a string";
    QTest::newRow("step required missing") << r << steps + "2/required" << "" << gs + "[2].required"
                                           << "missing";
    QTest::newRow("text step maxLength 2001") << r << steps + "2/maxLength" << "2001" << gs + "[2].maxLength"
                                              << "between 1 and 2000";
    QTest::newRow("apology maxLength missing") << r << steps + "8/maxLength" << "" << gs + "[8].maxLength"
                                               << "missing";
    QTest::newRow("plan placeholder too long") << r << steps + "10/placeholder" << str(121)
                                               << gs + "[10].placeholder" << "at most 120";

    QTest::newRow("calm with three choices") << r << steps + "0/choices/2" << "{\"id\":\"later\",\"label\":\"Later\"}"
                                             << gs + "[0].choices" << "exactly 2 choices, not 3";
    QTest::newRow("calm choice unknown") << r << steps + "0/choices/1/id" << "\"later\""
                                         << gs + "[0].choices[1].id" << "must be \"ready\" or \"break\"";
    QTest::newRow("calm choice twice") << r << steps + "0/choices/1/id" << "\"ready\""
                                       << gs + "[0].choices[1].id" << "duplicate id \"ready\"";
    QTest::newRow("calm choice label missing") << r << steps + "0/choices/0/label" << ""
                                               << gs + "[0].choices[0].label" << "missing";

    {
        json five = m_repairs["guides"][0]["steps"][1]["choices"];
        five.erase(five.begin() + 5, five.end());
        QTest::newRow("too few feelings") << r << steps + "1/choices" << qs(five.dump())
                                          << gs + "[1].choices" << "at least 20 choices, not 5";
    }
    QTest::newRow("feelings groups empty") << r << steps + "1/groups" << "[]" << gs + "[1].groups"
                                           << "at least one group";
    QTest::newRow("duplicate feeling group") << r << steps + "1/groups/1/id" << "\"hurt\""
                                             << gs + "[1].groups[1].id" << "duplicate id \"hurt\"";
    QTest::newRow("feeling in unknown group") << r << steps + "1/choices/0/group" << "\"joyful\""
                                              << gs + "[1].choices[0].group" << "unknown group \"joyful\"";
    QTest::newRow("duplicate feeling") << r << steps + "1/choices/1/id" << "\"hurt\""
                                       << gs + "[1].choices[1].id"
                                       << "duplicate id \"hurt\"; " + gs + "[1].choices[0] already";
    QTest::newRow("feeling label too long") << r << steps + "1/choices/3/label" << str(61)
                                            << gs + "[1].choices[3].label" << "at most 60";
    QTest::newRow("feelings maxChoices 0") << r << steps + "1/maxChoices" << "0" << gs + "[1].maxChoices"
                                           << "between 1 and 43, not 0";
    QTest::newRow("feelings maxChoices over choices") << r << steps + "1/maxChoices" << "44"
                                                      << gs + "[1].maxChoices" << "between 1 and 43, not 44";

    QTest::newRow("needs step: unknown need") << r << steps + "5/needs/0" << "\"chocolate\""
                                              << gs + "[5].needs[0]" << "unknown need \"chocolate\"";
    QTest::newRow("needs step: repeated need") << r << steps + "5/needs/3" << "\"space\""
                                               << gs + "[5].needs[3]" << "repeats \"space\"";
    QTest::newRow("needs step: maxChoices missing") << r << steps + "5/maxChoices" << ""
                                                    << gs + "[5].maxChoices" << "missing";

    QTest::newRow("acceptance without accepted") << r << steps + "9/choices/0/id" << "\"yes\""
                                                 << gs + "[9].choices" << "must include a choice with the id \"accepted\"";
    QTest::newRow("acceptance choices empty") << r << steps + "9/choices" << "[]" << gs + "[9].choices"
                                              << "at least one choice";
    QTest::newRow("acceptance maxLength 0") << r << steps + "9/maxLength" << "0" << gs + "[9].maxLength"
                                            << "between 1 and 2000";

    // The phrases guide.
    QTest::newRow("phrases instructions missing") << r << "/guides/1/instructions" << ""
                                                  << "guides[1].instructions" << "missing";
    QTest::newRow("phrases groups missing") << r << "/guides/1/groups" << "" << "guides[1].groups" << "missing";
    QTest::newRow("phrases empty") << r << "/guides/1/phrases" << "[]" << "guides[1].phrases"
                                   << "at least one phrase";
    QTest::newRow("phrase in unknown group") << r << "/guides/1/phrases/4/group" << "\"jokes\""
                                             << "guides[1].phrases[4].group" << "unknown group \"jokes\"";
    QTest::newRow("duplicate phrase id") << r << "/guides/1/phrases/6/id" << "\"feel-shaky\""
                                         << "guides[1].phrases[6].id"
                                         << "duplicate id \"feel-shaky\"; guides[1].phrases[0] already";
    QTest::newRow("phrase too long") << r << "/guides/1/phrases/2/text" << str(121)
                                     << "guides[1].phrases[2].text" << "at most 120";
    QTest::newRow("phrase text missing") << r << "/guides/1/phrases/2/text" << ""
                                         << "guides[1].phrases[2].text" << "missing";

    // The flooding break.
    QTest::newRow("flooding missing") << r << "/flooding" << "" << "flooding" << "missing";
    QTest::newRow("flooding an array") << r << "/flooding" << "[]" << "flooding" << "must be an object";
    QTest::newRow("minimumMinutes 10") << r << "/flooding/minimumMinutes" << "10" << "flooding.minimumMinutes"
                                       << "between 20 and 1440, not 10";
    QTest::newRow("minimumMinutes 19") << r << "/flooding/minimumMinutes" << "19" << "flooding.minimumMinutes"
                                       << "between 20 and 1440, not 19";
    QTest::newRow("minimumMinutes a string") << r << "/flooding/minimumMinutes" << "\"20\""
                                             << "flooding.minimumMinutes" << "whole number, not a string";
    QTest::newRow("defaultMinutes below minimum") << r << "/flooding/defaultMinutes" << "10"
                                                  << "flooding.defaultMinutes"
                                                  << "between minimumMinutes (20) and maximumMinutes (1440), not 10";
    QTest::newRow("defaultMinutes above maximum") << r << "/flooding/defaultMinutes" << "1441"
                                                  << "flooding.defaultMinutes" << "not 1441";
    QTest::newRow("maximumMinutes over a day") << r << "/flooding/maximumMinutes" << "1441"
                                               << "flooding.maximumMinutes" << "between 20 and 1440, not 1441";
    QTest::newRow("maximumMinutes below minimum") << r << "/flooding/maximumMinutes" << "15"
                                                  << "flooding.maximumMinutes" << "between 20 and 1440, not 15";
    QTest::newRow("explanation missing") << r << "/flooding/explanation" << "" << "flooding.explanation"
                                         << "missing";
    QTest::newRow("callPrompt too long") << r << "/flooding/callPrompt" << str(401) << "flooding.callPrompt"
                                         << "at most 400";
    QTest::newRow("returnPrompt blank") << r << "/flooding/returnPrompt" << "\"\"" << "flooding.returnPrompt"
                                        << "empty";
    {
        json seven = m_repairs["flooding"]["soothing"];
        seven.erase(seven.begin() + 7, seven.end());
        QTest::newRow("seven soothing ideas") << r << "/flooding/soothing" << qs(seven.dump())
                                              << "flooding.soothing" << "at least 8 ideas, not 7";
    }
    QTest::newRow("duplicate soothing id") << r << "/flooding/soothing/3/id" << "\"walk\""
                                           << "flooding.soothing[3].id"
                                           << "duplicate id \"walk\"; flooding.soothing[1] already";
    QTest::newRow("soothing text too long") << r << "/flooding/soothing/0/text" << str(201)
                                            << "flooding.soothing[0].text" << "at most 200";

    // Topics.
    QTest::newRow("topics missing") << r << "/topics" << "" << "topics" << "missing";
    QTest::newRow("topics empty") << r << "/topics" << "[]" << "topics" << "at least one topic";
    QTest::newRow("duplicate topic") << r << "/topics/5/id" << "\"money\"" << "topics[5].id"
                                     << "duplicate id \"money\"; topics[1] already uses it";
    QTest::newRow("topic id in capitals") << r << "/topics/5/id" << "\"Work\"" << "topics[5].id"
                                          << "not a valid id";
    QTest::newRow("topic label too long") << r << "/topics/0/label" << str(61) << "topics[0].label"
                                          << "at most 60";

    // Intensity.
    QTest::newRow("intensity missing") << r << "/intensity" << "" << "intensity" << "missing";
    QTest::newRow("intensity 0..4") << r << "/intensity"
                                    << "{\"min\":0,\"max\":4,\"labels\":[{\"value\":0,\"label\":\"a\"},"
                                       "{\"value\":1,\"label\":\"b\"},{\"value\":2,\"label\":\"c\"},"
                                       "{\"value\":3,\"label\":\"d\"},{\"value\":4,\"label\":\"e\"}]}"
                                    << "intensity.min" << "must be 1 (intensity runs from 1 to 5), not 0";
    QTest::newRow("intensity max 10") << r << "/intensity/max" << "10" << "intensity.max"
                                      << "must be 5 (intensity runs from 1 to 5), not 10";
    QTest::newRow("intensity min a string") << r << "/intensity/min" << "\"1\"" << "intensity.min"
                                            << "whole number";
    QTest::newRow("four intensity labels") << r << "/intensity/labels/4" << "" << "intensity.labels"
                                           << "exactly 5 labels, not 4";
    QTest::newRow("intensity labels out of order") << r << "/intensity/labels/2/value" << "4"
                                                   << "intensity.labels[2].value" << "must be 3";
    QTest::newRow("intensity label missing") << r << "/intensity/labels/2/label" << ""
                                             << "intensity.labels[2].label" << "missing";
}

void TestContent::brokenCheckinsOrRepairs()
{
    QFETCH(QString, file);
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, field);
    QFETCH(QString, message);

    const json &real = file == "checkins.json" ? m_checkins : m_repairs;
    const json doc = edited(real, pointer, value);
    QVERIFY2(doc != real, "the edit changed nothing");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), doc, file.toStdString());

    const auto error = loadError(pathOf(dir));
    QVERIFY2(error, "the broken copy loaded without an error");
    QCOMPARE(qs(error->file()), qs((pathOf(dir) / file.toStdString()).string()));
    QCOMPARE(qs(error->field()), field);
    const QString what = qs(error->what());
    QVERIFY2(what.contains(message), qPrintable(what));
    QVERIFY2(what.startsWith(qs(error->file()) + ": " + field + ": "), qPrintable(what));
}

void TestContent::brokenFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("text");     // the file's content; "<none>" leaves it out
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");

    const QString none = "<none>";
    QTest::newRow("checkins.json missing") << "checkins.json" << none << "$" << "no such file";
    QTest::newRow("repairs.json missing") << "repairs.json" << none << "$" << "no such file";
    QTest::newRow("checkins.json a directory") << "checkins.json" << "<dir>" << "$" << "not a regular file";
    QTest::newRow("checkins.json invalid JSON")
        << "checkins.json" << "{\n  \"format\": \"hearth.checkins\",,\n  \"needs\": []\n}\n"
        << "line 2, column 31" << "invalid JSON at byte ";
    QTest::newRow("repairs.json invalid JSON")
        << "repairs.json" << "{\n  \"format\": \"hearth.repairs\",\n  \"guides\": [\n}\n"
        << "line 4, column 1" << "invalid JSON";
    QTest::newRow("repairs.json empty") << "repairs.json" << "" << "line 1, column 1" << "invalid JSON";
    QTest::newRow("repairs.json a string") << "repairs.json" << "\"repairs\"" << "$"
                                           << "must be a JSON object, not a string";
    QTest::newRow("us.json missing") << "us.json" << none << "$" << "no such file";
    QTest::newRow("cards.json missing") << "cards.json" << none << "$" << "no such file";
    QTest::newRow("us.json invalid JSON")
        << "us.json" << "{\n  \"format\": \"hearth.us\"\n  \"signals\": []\n}\n"
        << "line 3, column 11" << "invalid JSON";
    QTest::newRow("cards.json an array") << "cards.json" << "[]" << "$"
                                         << "must be a JSON object, not an array";
}

void TestContent::brokenFile()
{
    QFETCH(QString, file);
    QFETCH(QString, text);
    QFETCH(QString, field);
    QFETCH(QString, message);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::filesystem::path path = pathOf(dir) / file.toStdString();
    copyRealContent(pathOf(dir));
    std::filesystem::remove(path);
    if (text == "<dir>")
        std::filesystem::create_directory(path);
    else if (text != "<none>")
        std::ofstream(path, std::ios::binary) << text.toStdString();

    const auto error = loadError(pathOf(dir));
    QVERIFY2(error, "loaded without an error");
    QCOMPARE(qs(error->file()), qs(path.string()));
    QCOMPARE(qs(error->field()), field);
    const QString what = qs(error->what());
    QVERIFY2(what.contains(message), qPrintable(what));
}

void TestContent::realUsContentCoversWhatTheAppPromises()
{
    const ContentLibrary &library = *m_library;
    const hearth::UsContent &us = library.us();
    QCOMPARE(us.formatVersion, 1);

    // Enough to pick from in each list, so typing is the exception.
    QVERIFY(us.situations.size() >= 12);
    QVERIFY(us.bodySensations.size() >= 10);
    QVERIFY(us.earlySigns.size() >= 10);
    QVERIFY(us.helps.size() >= 12);
    QVERIFY(us.emotions.size() >= 12);
    QVERIFY(us.reactions.size() >= 10);
    QVERIFY(us.compassionPrompts.size() >= 8);
    QVERIFY(us.exampleSignals.size() >= 5);
    QVERIFY(us.exampleAgreements.size() >= 6);
    QCOMPARE(us.situations.size(), m_us.at("situations").size());

    // The one-tap signals of issue 5, and "pausing until" is the one that asks for a time.
    for (const char *id : {"hug", "thinking", "pause", "talk"}) {
        const hearth::SignalKind *kind = library.signalKind(id);
        QVERIFY2(kind, id);
        QVERIFY2(!kind->icon.empty(), id);
        QCOMPARE(kind->asksTime, std::string(id) == "pause");
    }
    QVERIFY(library.signalKind("pause")->timeLabel.find("{time}") != std::string::npos);
    QCOMPARE(library.signalKind("own"), nullptr); // kept for the couple's own signals
    for (const char *id : {"coming", "thanks", "later"}) {
        const hearth::QuickReply *reply = library.quickReply(id);
        QVERIFY2(reply, id);
        QCOMPARE(reply->asksTime, std::string(id) == "later");
    }
    QVERIFY(library.quickReply("later")->timeLabel.find("{time}") != std::string::npos);
    for (const auto &kind : us.signalKinds)
        QCOMPARE(kind.asksTime, !kind.timeLabel.empty());
    for (const auto &reply : us.replies)
        QCOMPARE(reply.asksTime, !reply.timeLabel.empty());

    // The safety page: not therapy, a crisis, a therapist, an unsafe relationship, what is shared.
    const auto section = [&](const std::string &id) -> const hearth::SafetySection * {
        const auto it = std::find_if(us.safety.begin(), us.safety.end(),
                                     [&](const hearth::SafetySection &s) { return s.id == id; });
        return it == us.safety.end() ? nullptr : &*it;
    };
    const auto says = [](const hearth::SafetySection *s, const std::string &words) {
        return std::any_of(s->paragraphs.begin(), s->paragraphs.end(),
                           [&](const std::string &p) { return p.find(words) != std::string::npos; });
    };
    for (const char *id : {"not-therapy", "crisis", "therapist", "unsafe", "sharing"})
        QVERIFY2(section(id), id);
    QVERIFY(says(section("not-therapy"), "not therapy"));
    QVERIFY(says(section("crisis"), "112"));
    QVERIFY(says(section("crisis"), "911"));
    QVERIFY(says(section("crisis"), "crisis line"));
    QVERIFY(says(section("therapist"), "register"));
    QVERIFY(says(section("unsafe"), "helpline"));
    QVERIFY(says(section("unsafe"), "never be used to watch or control"));
    QVERIFY(says(section("sharing"), "location"));
    QVERIFY(says(section("sharing"), "read receipts"));
    QVERIFY(says(section("sharing"), "unless you choose"));
}

void TestContent::realCardsCoverWhatTheAppPromises()
{
    const ContentLibrary &library = *m_library;
    QVERIFY2(library.cards().size() >= 10,
             qPrintable(QString("only %1 cards").arg(library.cards().size())));
    QCOMPARE(library.cards().size(), m_cards.at("cards").size());
    QVERIFY(library.cardTopics().size() >= 4);

    // Issue 5's themes: attachment between adults, the four patterns, the couple's cycle, earned
    // security, rituals and repair; and the skills the Us section leans on.
    for (const char *id : {"what-attachment-is", "reaching-harder", "pulling-back", "both-at-once",
                           "feeling-sure", "chase-and-retreat", "earned-security", "why-rituals",
                           "why-repair", "flooding-and-breaks", "bids-for-connection",
                           "self-compassion", "naming-needs"})
        QVERIFY2(library.card(id), id);

    std::set<std::string> titles;
    for (const hearth::LearnCard &card : library.cards()) {
        const char *id = card.id.c_str();
        QVERIFY2(titles.insert(card.title).second, id);
        QVERIFY2(std::any_of(library.cardTopics().begin(), library.cardTopics().end(),
                             [&](const hearth::Suggestion &t) { return t.id == card.topic; }),
                 id);
        // Short cards: two to four paragraphs, each with where its ideas come from.
        QVERIFY2(card.body.size() >= 2 && card.body.size() <= 4, id);
        QVERIFY2(!card.sources.empty(), id);
        for (const auto &source : card.sources) {
            QVERIFY2(source.citation.find("(19") != std::string::npos
                         || source.citation.find("(20") != std::string::npos,
                     qPrintable(qs(source.citation))); // a year in brackets
            QVERIFY2(source.url.empty() || source.url.starts_with("https://"), id);
        }
    }
    // The reflection is for oneself and says so.
    QVERIFY(library.reflectionNote().find("private") != std::string::npos);
    QVERIFY(library.reflectionNote().find("not a test, a diagnosis or a label") != std::string::npos);
}

void TestContent::contentNeverLabelsAnyone()
{
    // Hearth describes what people do, never what a partner "is". Citations keep their titles.
    const char *const labels[] = {"anxious", "avoidant", "disorganised", "disorganized",
                                  "preoccupied", "dismissive", "insecure", "clingy", "needy",
                                  "cold person"};
    std::vector<std::string> texts;
    const ContentLibrary &library = *m_library;
    for (const auto &card : library.cards()) {
        texts.insert(texts.end(), {card.title, card.summary, card.reflectionPrompt});
        texts.insert(texts.end(), card.body.begin(), card.body.end());
    }
    const hearth::UsContent &us = library.us();
    for (const auto *list : {&us.situations, &us.bodySensations, &us.earlySigns, &us.helps,
                             &us.emotions, &us.reactions})
        for (const auto &s : *list)
            texts.push_back(s.label);
    texts.insert(texts.end(), us.compassionPrompts.begin(), us.compassionPrompts.end());
    for (const auto &s : us.safety)
        texts.insert(texts.end(), s.paragraphs.begin(), s.paragraphs.end());
    texts.push_back(library.reflectionNote());
    for (const auto &e : library.exercises()) {
        texts.insert(texts.end(), {e.title, e.purpose});
        texts.insert(texts.end(), e.steps.begin(), e.steps.end());
        texts.insert(texts.end(), e.prompts.begin(), e.prompts.end());
    }
    QVERIFY(texts.size() > 100);
    for (const auto &text : texts) {
        const QString lower = qs(text).toLower();
        for (const char *label : labels)
            QVERIFY2(!lower.contains(label), qPrintable(QString(label) + " in: " + qs(text)));
    }
}

void TestContent::usAndCardLookups()
{
    const ContentLibrary &library = *m_library;
    for (const auto &kind : library.us().signalKinds)
        QCOMPARE(library.signalKind(kind.id), &kind);
    for (const auto &reply : library.us().replies)
        QCOMPARE(library.quickReply(reply.id), &reply);
    for (const auto &card : library.cards())
        QCOMPARE(library.card(card.id), &card);
    QCOMPARE(library.signalKind("wave"), nullptr);
    QCOMPARE(library.signalKind(""), nullptr);
    QCOMPARE(library.quickReply("maybe"), nullptr);
    QCOMPARE(library.card("no-such-card"), nullptr);

    const ContentLibrary empty;
    QVERIFY(empty.us().signalKinds.empty());
    QVERIFY(empty.us().safety.empty());
    QVERIFY(empty.cards().empty());
    QVERIFY(empty.cardTopics().empty());
    QVERIFY(empty.reflectionNote().empty());
    QCOMPARE(empty.signalKind("hug"), nullptr);
    QCOMPARE(empty.card("what-attachment-is"), nullptr);
    QVERIFY(empty.exercises().empty());
    QVERIFY(empty.exerciseFormats().empty());
    QCOMPARE(empty.exercise("love-maps"), nullptr);
}

void TestContent::usAndCardsWriteBackAsRead()
{
    // Neither shipped file holds extra keys, so the values must write back as the file.
    const ContentLibrary &library = *m_library;
    const json us = library.us();
    QVERIFY2(us == m_us, qPrintable(qs(us.dump())));
    const json topics = library.cardTopics();
    QVERIFY2(topics == m_cards.at("topics"), qPrintable(qs(topics.dump())));
    QCOMPARE(qs(library.reflectionNote()), qs(m_cards.at("reflectionNote").get<std::string>()));
    const json &cards = m_cards.at("cards");
    for (std::size_t i = 0; i < cards.size(); ++i) {
        const json written = library.cards()[i];
        QVERIFY2(written == cards[i], qPrintable(qs(written.dump()) + "\n!=\n" + qs(cards[i].dump())));
    }
}

void TestContent::usAndCardsOptionalFieldsMayBeLeftOut()
{
    json cards = m_cards;
    cards["cards"][0].erase("reflectionPrompt");
    cards["cards"][0]["sources"] = json::array({{{"citation", "Someone, A. (2001). A book."}}});
    std::string error;
    auto library = loadWith("cards.json", cards, error);
    QVERIFY2(library, error.c_str());
    const hearth::LearnCard *card = library->card(cards["cards"][0]["id"].get<std::string>());
    QVERIFY(card);
    QVERIFY(card->reflectionPrompt.empty());
    QCOMPARE(card->sources.size(), std::size_t{1});
    QVERIFY(card->sources[0].url.empty());
    const json written = *card;
    QVERIFY2(written == cards["cards"][0], qPrintable(qs(written.dump())));

    // A signal that asks for no time has no timeLabel, and reads back without one.
    const hearth::SignalKind *hug = library->signalKind("hug");
    QVERIFY(hug && !hug->asksTime && hug->timeLabel.empty());
    QVERIFY(!json(*hug).contains("timeLabel"));
}

void TestContent::usAndCardsAllowUnknownKeys()
{
    json us = m_us;
    us["publisher"] = "a later version";
    us["signals"][0]["sound"] = "chime";
    us["safety"][0]["links"] = json::array();
    json cards = m_cards;
    cards["illustrations"] = true;
    cards["cards"][0]["readingMinutes"] = 2;
    cards["cards"][0]["sources"][0]["doi"] = "10.0/x";
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), us, "us.json");
    std::ofstream(pathOf(dir) / "cards.json") << cards.dump();
    std::string error;
    const auto library = tryLoad(pathOf(dir), error);
    QVERIFY2(library, error.c_str());
    QCOMPARE(library->us().signalKinds.size(), m_us.at("signals").size());
    QCOMPARE(library->cards().size(), m_cards.at("cards").size());
}

void TestContent::usAndCardLimitsAreInclusive()
{
    const auto chars = [](std::size_t n) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i)
            s += "\u00e9"; // two bytes, one character
        return s;
    };
    json us = m_us;
    us["situations"] = json::array();
    for (int i = 0; i < 40; ++i)
        us["situations"].push_back({{"id", "s" + std::to_string(i)}, {"label", chars(60)}});
    us["signals"][2]["timeLabel"] = std::string(54, 'b') + "{time}";
    us["exampleSignals"][0] = {{"word", chars(40)}, {"meaning", chars(200)}};
    us["exampleAgreements"][0] = {{"situation", chars(200)}, {"action", chars(300)}};
    us["compassionPrompts"][0] = chars(200);
    us["safety"][0]["paragraphs"][0] = chars(600);
    std::string error;
    auto library = loadWith("us.json", us, error);
    QVERIFY2(library, error.c_str());
    QCOMPARE(library->us().situations.size(), std::size_t{40});
    QCOMPARE(qs(library->us().exampleSignals[0].word), qs(chars(40)));

    json cards = m_cards;
    json &card = cards["cards"][0];
    card["title"] = chars(80);
    card["summary"] = chars(300);
    card["body"] = json::array();
    for (int i = 0; i < 6; ++i)
        card["body"].push_back(std::to_string(i) + chars(599));
    card["sources"] = json::array();
    for (int i = 0; i < 10; ++i)
        card["sources"].push_back({{"citation", std::to_string(i) + chars(299)}});
    card["reflectionPrompt"] = chars(200);
    cards["reflectionNote"] = chars(400);
    library = loadWith("cards.json", cards, error);
    QVERIFY2(library, error.c_str());
    QCOMPARE(library->cards()[0].body.size(), std::size_t{6});
    QCOMPARE(library->cards()[0].sources.size(), std::size_t{10});
}

void TestContent::brokenUsOrCards_data()
{
    QTest::addColumn<QString>("file");    // us.json, cards.json or exercises.json
    QTest::addColumn<QString>("pointer"); // JSON pointer into a copy of the real file
    QTest::addColumn<QString>("value");   // JSON to put there; empty removes the key or item
    QTest::addColumn<QString>("field");   // the field the error must name
    QTest::addColumn<QString>("message"); // a phrase the message must contain

    const auto str = [](int n, char c = 'a') { return '"' + QString(n, c) + '"'; };
    const QString u = "us.json";
    const QString c = "cards.json";

    // us.json: the document and the suggestion lists.
    QTest::newRow("us: cards format") << u << "/format" << "\"hearth.cards\"" << "format"
                                      << "must be \"hearth.us\"";
    QTest::newRow("us: formatVersion 2") << u << "/formatVersion" << "2" << "formatVersion"
                                         << "reads formatVersion 1, not 2";
    QTest::newRow("situations missing") << u << "/situations" << "" << "situations" << "missing";
    QTest::newRow("situations empty") << u << "/situations" << "[]" << "situations"
                                      << "must hold 1 to 40 suggestions, not 0";
    {
        json many = json::array();
        for (int i = 0; i < 41; ++i)
            many.push_back({{"id", "h" + std::to_string(i)}, {"label", "Help"}});
        QTest::newRow("41 helps") << u << "/helps" << qs(many.dump()) << "helps"
                                  << "must hold 1 to 40 suggestions, not 41";
    }
    QTest::newRow("duplicate situation") << u << "/situations/3/id" << "\"late-no-word\""
                                         << "situations[3].id"
                                         << "duplicate id \"late-no-word\"; situations[0] already uses it";
    QTest::newRow("sensation id with space") << u << "/bodySensations/1/id" << "\"racing heart\""
                                             << "bodySensations[1].id" << "not a valid id";
    QTest::newRow("emotion label too long") << u << "/emotions/2/label" << str(61)
                                            << "emotions[2].label" << "at most 60 characters, not 61";
    QTest::newRow("early sign a string") << u << "/earlySigns/4" << "\"I go quiet\""
                                         << "earlySigns[4]" << "must be an object, not a string";
    QTest::newRow("reaction label missing") << u << "/reactions/5/label" << ""
                                            << "reactions[5].label" << "missing";
    QTest::newRow("compassion prompts empty") << u << "/compassionPrompts" << "[]"
                                              << "compassionPrompts" << "at least one prompt";
    QTest::newRow("compassion prompt too long") << u << "/compassionPrompts/3" << str(201)
                                                << "compassionPrompts[3]" << "at most 200";
    QTest::newRow("compassion prompt repeated") << u << "/compassionPrompts/2"
                                                << qs(m_us["compassionPrompts"][0].dump())
                                                << "compassionPrompts[2]" << "repeats compassionPrompts[0]";

    // Signal kinds and replies.
    QTest::newRow("signals missing") << u << "/signals" << "" << "signals" << "missing";
    QTest::newRow("signals empty") << u << "/signals" << "[]" << "signals"
                                   << "must hold 1 to 12 signals, not 0";
    QTest::newRow("signal kind own") << u << "/signals/4/id" << "\"own\"" << "signals[4].id"
                                     << "\"own\" is kept for the couple's own signals";
    QTest::newRow("duplicate signal") << u << "/signals/3/id" << "\"hug\"" << "signals[3].id"
                                      << "duplicate id \"hug\"; signals[0] already uses it";
    QTest::newRow("signal label blank") << u << "/signals/1/label" << "\"  \"" << "signals[1].label"
                                        << "must not be empty";
    QTest::newRow("signal label with {time}") << u << "/signals/3/label" << "\"Talk at {time}?\""
                                              << "signals[3].label" << "must not hold {time}";
    QTest::newRow("signal icon missing") << u << "/signals/0/icon" << "" << "signals[0].icon"
                                         << "missing";
    QTest::newRow("signal icon empty") << u << "/signals/0/icon" << "\"\"" << "signals[0].icon"
                                       << "must not be empty";
    QTest::newRow("signal icon a path") << u << "/signals/0/icon" << "\"icons/heart.svg\""
                                        << "signals[0].icon" << "is not an icon name";
    QTest::newRow("asksTime missing") << u << "/signals/1/asksTime" << "" << "signals[1].asksTime"
                                      << "missing";
    QTest::newRow("asksTime a string") << u << "/signals/1/asksTime" << "\"no\""
                                       << "signals[1].asksTime" << "must be true or false, not a string";
    QTest::newRow("asksTime without timeLabel") << u << "/signals/2/timeLabel" << ""
                                                << "signals[2].timeLabel" << "missing";
    QTest::newRow("timeLabel without {time}") << u << "/signals/2/timeLabel" << "\"back soon\""
                                              << "signals[2].timeLabel" << "must hold {time}";
    QTest::newRow("timeLabel with {time} twice") << u << "/signals/2/timeLabel"
                                                 << "\"from {time} to {time}\"" << "signals[2].timeLabel"
                                                 << "{time} only once";
    QTest::newRow("timeLabel without asksTime") << u << "/signals/0/timeLabel" << "\"at {time}\""
                                                << "signals[0].timeLabel"
                                                << "must be left out when asksTime is false";
    QTest::newRow("replies empty") << u << "/replies" << "[]" << "replies"
                                   << "must hold 1 to 8 replies, not 0";
    QTest::newRow("duplicate reply") << u << "/replies/1/id" << "\"coming\"" << "replies[1].id"
                                     << "duplicate id \"coming\"; replies[0] already uses it";
    QTest::newRow("later without {time}") << u << "/replies/2/timeLabel" << "\"later\""
                                          << "replies[2].timeLabel" << "must hold {time}";
    QTest::newRow("reply asks time, no label") << u << "/replies/0/asksTime" << "true"
                                               << "replies[0].timeLabel" << "missing";

    // Examples and the safety page.
    QTest::newRow("example word too long") << u << "/exampleSignals/1/word" << str(41)
                                           << "exampleSignals[1].word" << "at most 40";
    QTest::newRow("example word twice") << u << "/exampleSignals/3/word" << "\"Pineapple\""
                                        << "exampleSignals[3].word"
                                        << "duplicate word \"Pineapple\"; exampleSignals[0] already uses it";
    QTest::newRow("example meaning missing") << u << "/exampleSignals/2/meaning" << ""
                                             << "exampleSignals[2].meaning" << "missing";
    QTest::newRow("example action too long") << u << "/exampleAgreements/1/action" << str(301)
                                             << "exampleAgreements[1].action" << "at most 300";
    QTest::newRow("example situation missing") << u << "/exampleAgreements/0/situation" << ""
                                               << "exampleAgreements[0].situation" << "missing";
    QTest::newRow("safety empty") << u << "/safety" << "[]" << "safety"
                                  << "must hold 1 to 12 sections, not 0";
    QTest::newRow("duplicate safety id") << u << "/safety/2/id" << "\"crisis\"" << "safety[2].id"
                                         << "duplicate id \"crisis\"; safety[1] already uses it";
    QTest::newRow("safety heading missing") << u << "/safety/3/heading" << "" << "safety[3].heading"
                                            << "missing";
    QTest::newRow("safety paragraphs empty") << u << "/safety/1/paragraphs" << "[]"
                                             << "safety[1].paragraphs"
                                             << "must hold 1 to 8 paragraphs, not 0";
    QTest::newRow("safety paragraph two lines") << u << "/safety/1/paragraphs/0" << "\"Call.\\nNow.\""
                                                << "safety[1].paragraphs[0]" << "one line";
    QTest::newRow("safety paragraph too long") << u << "/safety/4/paragraphs/1" << str(601)
                                               << "safety[4].paragraphs[1]" << "at most 600";

    // cards.json.
    QTest::newRow("cards: us format") << c << "/format" << "\"hearth.us\"" << "format"
                                      << "must be \"hearth.cards\"";
    QTest::newRow("reflectionNote missing") << c << "/reflectionNote" << "" << "reflectionNote"
                                            << "missing";
    QTest::newRow("reflectionNote too long") << c << "/reflectionNote" << str(401) << "reflectionNote"
                                             << "at most 400";
    QTest::newRow("topics empty") << c << "/topics" << "[]" << "topics"
                                  << "must hold 1 to 12 topics, not 0";
    QTest::newRow("duplicate card topic") << c << "/topics/2/id" << "\"basics\"" << "topics[2].id"
                                          << "duplicate id \"basics\"; topics[0] already uses it";
    QTest::newRow("topic without cards") << c << "/topics/6" << "{\"id\":\"extra\",\"label\":\"Extra\"}"
                                         << "topics[6]" << "no card has the topic \"extra\"";
    QTest::newRow("cards empty") << c << "/cards" << "[]" << "cards" << "at least one card";
    QTest::newRow("card a string") << c << "/cards/1" << "\"what-attachment-is\"" << "cards[1]"
                                   << "must be an object, not a string";
    QTest::newRow("card topic unknown") << c << "/cards/2/topic" << "\"feelings\"" << "cards[2].topic"
                                        << "unknown topic \"feelings\"; expected one of: basics, patterns";
    QTest::newRow("duplicate card") << c << "/cards/5/id" << "\"what-attachment-is\"" << "cards[5].id"
                                    << "duplicate id \"what-attachment-is\"; cards[0] already uses it";
    QTest::newRow("card version 0") << c << "/cards/1/version" << "0" << "cards[1].version"
                                    << "between 1 and";
    QTest::newRow("card title too long") << c << "/cards/1/title" << str(81) << "cards[1].title"
                                         << "at most 80";
    QTest::newRow("card summary missing") << c << "/cards/1/summary" << "" << "cards[1].summary"
                                          << "missing";
    QTest::newRow("card body empty") << c << "/cards/4/body" << "[]" << "cards[4].body"
                                     << "must hold 1 to 6 paragraphs, not 0";
    QTest::newRow("card body seven paragraphs") << c << "/cards/4/body"
                                                << "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]"
                                                << "cards[4].body" << "must hold 1 to 6 paragraphs, not 7";
    QTest::newRow("card paragraph repeated") << c << "/cards/4/body/1"
                                             << qs(m_cards["cards"][4]["body"][0].dump())
                                             << "cards[4].body[1]" << "repeats cards[4].body[0]";
    QTest::newRow("card paragraph a number") << c << "/cards/4/body/0" << "1" << "cards[4].body[0]"
                                             << "must be a string, not a number";
    QTest::newRow("card sources missing") << c << "/cards/3/sources" << "" << "cards[3].sources"
                                          << "missing";
    QTest::newRow("card without sources") << c << "/cards/3/sources" << "[]" << "cards[3].sources"
                                          << "must hold 1 to 10 sources, not 0";
    QTest::newRow("citation blank") << c << "/cards/3/sources/0/citation" << "\"\""
                                    << "cards[3].sources[0].citation" << "must not be empty";
    QTest::newRow("citation too long") << c << "/cards/3/sources/0/citation" << str(301)
                                       << "cards[3].sources[0].citation" << "at most 300";
    QTest::newRow("source a string") << c << "/cards/0/sources/0" << "\"Bowlby 1969\""
                                     << "cards[0].sources[0]" << "must be an object, not a string";
    QTest::newRow("source url not https") << c << "/cards/0/sources/1/url" << "\"http://example.org\""
                                          << "cards[0].sources[1].url" << "must start with https://";
    QTest::newRow("reflectionPrompt too long") << c << "/cards/2/reflectionPrompt" << str(201)
                                               << "cards[2].reflectionPrompt" << "at most 200";
    QTest::newRow("reflectionPrompt a number") << c << "/cards/2/reflectionPrompt" << "3"
                                               << "cards[2].reflectionPrompt" << "must be a string";

    // exercises.json.
    const QString x = "exercises.json";
    QTest::newRow("exercises: cards format") << x << "/format" << "\"hearth.cards\"" << "format"
                                             << "must be \"hearth.exercises\"";
    QTest::newRow("exercises: formatVersion 2") << x << "/formatVersion" << "2" << "formatVersion"
                                                << "reads formatVersion 1, not 2";
    QTest::newRow("formats empty") << x << "/formats" << "[]" << "formats"
                                   << "must hold 1 to 20 formats, not 0";
    QTest::newRow("duplicate format") << x << "/formats/1/id" << "\"gottman\"" << "formats[1].id"
                                      << "duplicate id \"gottman\"; formats[0] already uses it";
    QTest::newRow("format custom") << x << "/formats/6" << "{\"id\":\"custom\",\"label\":\"Mine\"}"
                                   << "formats[6].id" << "kept for a therapist's own exercises";
    QTest::newRow("format without exercises") << x << "/formats/6"
                                              << "{\"id\":\"imago\",\"label\":\"Imago\"}"
                                              << "formats[6]" << "no exercise has the format \"imago\"";
    QTest::newRow("format label too long") << x << "/formats/2/label" << str(61) << "formats[2].label"
                                           << "at most 60";
    QTest::newRow("exercises empty") << x << "/exercises" << "[]" << "exercises"
                                     << "at least one exercise";
    QTest::newRow("exercise a string") << x << "/exercises/2" << "\"love-maps\"" << "exercises[2]"
                                       << "must be an object, not a string";
    QTest::newRow("duplicate exercise") << x << "/exercises/3/id" << "\"aftermath-of-a-fight\""
                                        << "exercises[3].id"
                                        << "duplicate id \"aftermath-of-a-fight\"; exercises[1] already uses it";
    QTest::newRow("exercise id not kebab") << x << "/exercises/3/id" << "\"Two_Ovals\""
                                           << "exercises[3].id" << "not a valid id";
    QTest::newRow("exercise version 0") << x << "/exercises/3/version" << "0"
                                        << "exercises[3].version" << "between 1 and";
    QTest::newRow("exercise format unknown") << x << "/exercises/4/format" << "\"custom\""
                                             << "exercises[4].format"
                                             << "unknown format \"custom\"; expected one of: gottman, eft";
    QTest::newRow("exercise title missing") << x << "/exercises/4/title" << "" << "exercises[4].title"
                                            << "missing";
    QTest::newRow("exercise title too long") << x << "/exercises/4/title" << str(81)
                                             << "exercises[4].title" << "at most 80";
    QTest::newRow("exercise purpose blank") << x << "/exercises/5/purpose" << "\" \""
                                            << "exercises[5].purpose" << "must not be empty";
    QTest::newRow("exercise purpose two lines") << x << "/exercises/5/purpose" << "\"One.\\nTwo.\""
                                                << "exercises[5].purpose" << "one line";
    QTest::newRow("who both") << x << "/exercises/5/who" << "\"both\"" << "exercises[5].who"
                              << "unknown value \"both\"; expected one of: together, each";
    QTest::newRow("minutes 0") << x << "/exercises/6/minutes" << "0" << "exercises[6].minutes"
                               << "between 1 and 240, not 0";
    QTest::newRow("minutes 241") << x << "/exercises/6/minutes" << "241" << "exercises[6].minutes"
                                 << "between 1 and 240, not 241";
    QTest::newRow("minutes a string") << x << "/exercises/6/minutes" << "\"20\""
                                      << "exercises[6].minutes" << "must be a whole number";
    QTest::newRow("timer longer than minutes") << x << "/exercises/0/timerMinutes" << "31"
                                               << "exercises[0].timerMinutes"
                                               << "between 0 (no timer) and minutes (30), not 31";
    QTest::newRow("timer negative") << x << "/exercises/0/timerMinutes" << "-1"
                                    << "exercises[0].timerMinutes" << "not -1";
    QTest::newRow("timer missing") << x << "/exercises/0/timerMinutes" << ""
                                   << "exercises[0].timerMinutes" << "missing";
    QTest::newRow("one step") << x << "/exercises/3/steps" << "[\"Talk.\"]" << "exercises[3].steps"
                              << "must hold 2 to 12 steps, not 1";
    QTest::newRow("step blank") << x << "/exercises/3/steps/1" << "\"\"" << "exercises[3].steps[1]"
                                << "must not be empty";
    QTest::newRow("step too long") << x << "/exercises/3/steps/1" << str(301)
                                   << "exercises[3].steps[1]" << "at most 300";
    QTest::newRow("step repeated") << x << "/exercises/3/steps/2"
                                   << qs(m_exercises["exercises"][3]["steps"][0].dump())
                                   << "exercises[3].steps[2]" << "repeats exercises[3].steps[0]";
    QTest::newRow("prompts empty") << x << "/exercises/7/prompts" << "[]" << "exercises[7].prompts"
                                   << "must hold 1 to 6 prompts, not 0";
    QTest::newRow("prompt too long") << x << "/exercises/7/prompts/0" << str(201)
                                     << "exercises[7].prompts[0]" << "at most 200";
    QTest::newRow("source missing") << x << "/exercises/8/source" << "" << "exercises[8].source"
                                    << "missing";
    QTest::newRow("source blank") << x << "/exercises/8/source" << "\"\"" << "exercises[8].source"
                                  << "must not be empty";
}

void TestContent::brokenUsOrCards()
{
    QFETCH(QString, file);
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, field);
    QFETCH(QString, message);

    const json &real = file == "us.json" ? m_us : file == "cards.json" ? m_cards : m_exercises;
    const json doc = edited(real, pointer, value);
    QVERIFY2(doc != real, "the edit changed nothing");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), doc, file.toStdString());

    const auto error = loadError(pathOf(dir));
    QVERIFY2(error, "the broken copy loaded without an error");
    QCOMPARE(qs(error->file()), qs((pathOf(dir) / file.toStdString()).string()));
    QCOMPARE(qs(error->field()), field);
    const QString what = qs(error->what());
    QVERIFY2(what.contains(message), qPrintable(what));
    QVERIFY2(what.startsWith(qs(error->file()) + ": " + field + ": "), qPrintable(what));
}

void TestContent::realExercisesCoverWhatTheIssuePromises()
{
    const ContentLibrary &library = *m_library;
    QVERIFY2(library.exercises().size() >= 15,
             qPrintable(QString("only %1 exercises").arg(library.exercises().size())));
    QCOMPARE(library.exercises().size(), m_exercises.at("exercises").size());
    for (const char *format : {"gottman", "eft", "prep", "self-compassion"})
        QVERIFY2(std::any_of(library.exerciseFormats().begin(), library.exerciseFormats().end(),
                             [&](const hearth::Suggestion &f) { return f.id == format; }),
                 format);

    // Issue 6's formats, with the timing the methods give them.
    const auto exercise = [&](const char *id) {
        const hearth::Exercise *e = library.exercise(id);
        if (!e)
            qWarning("no exercise %s", id);
        return e;
    };
    const hearth::Exercise *stress = exercise("stress-reducing-conversation");
    QVERIFY(stress && stress->timerMinutes == 20 && stress->who == "together");
    const hearth::Exercise *flooding = exercise("flooding-break");
    QVERIFY(flooding && flooding->timerMinutes >= 20); // a shorter break does not settle the body
    const hearth::Exercise *speaker = exercise("speaker-listener");
    QVERIFY(speaker && speaker->format == "prep" && speaker->timerMinutes > 0);
    const hearth::Exercise *union_ = exercise("state-of-the-union");
    QVERIFY(union_ && union_->minutes == 60);
    QVERIFY(union_->steps[1].find("five") != std::string::npos);
    for (const char *id : {"aftermath-of-a-fight", "conflict-blueprint", "six-second-kiss",
                           "love-maps", "appreciation-with-a-reason", "attachment-needs-map",
                           "daily-temperature-reading"})
        QVERIFY(exercise(id));
    const hearth::Exercise *kindness = exercise("self-compassion-break");
    QVERIFY(kindness && kindness->who == "each" && kindness->format == "self-compassion");
    const auto eft = std::count_if(library.exercises().begin(), library.exercises().end(),
                                   [](const hearth::Exercise &e) { return e.format == "eft"; });
    QVERIFY2(eft >= 4, qPrintable(QString("only %1 Hold Me Tight conversations").arg(eft)));

    // House rules: a handful of steps to follow without a therapist in the room, titles apart,
    // and each credits the method it follows by name.
    std::set<std::string> titles;
    for (const hearth::Exercise &e : library.exercises()) {
        const char *id = e.id.c_str();
        QVERIFY2(titles.insert(e.title).second, id);
        QVERIFY2(e.steps.size() >= 2 && e.steps.size() <= 8, id);
        QVERIFY2(!e.prompts.empty() && e.prompts.size() <= 3, id);
        for (const auto &prompt : e.prompts)
            QVERIFY2(prompt.ends_with('?'), id);
        QCOMPARE(library.exercise(e.id), &e);
        const char *method = e.format == "gottman" ? "Gottman"
                             : e.format == "eft"   ? "Hold Me Tight"
                             : e.format == "prep"  ? "PREP"
                             : e.format == "self-compassion" ? "Neff"
                                                             : "(";
        QVERIFY2(e.source.find(method) != std::string::npos, id);
        if (e.timerMinutes > 0) // the guided view offers the timer: a step says when to start it
            QVERIFY2(std::any_of(e.steps.begin(), e.steps.end(),
                                 [](const std::string &s) { return s.find("timer") != std::string::npos; }),
                     id);
    }
    QCOMPARE(library.exercise("no-such-exercise"), nullptr);
}

void TestContent::exercisesWriteBackAsRead()
{
    const ContentLibrary &library = *m_library;
    const json formats = library.exerciseFormats();
    QVERIFY2(formats == m_exercises.at("formats"), qPrintable(qs(formats.dump())));
    const json &list = m_exercises.at("exercises");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json written = library.exercises()[i];
        QVERIFY2(written == list[i], qPrintable(qs(written.dump()) + "\n!=\n" + qs(list[i].dump())));
    }
}

void TestContent::exerciseCopyRoundTrips()
{
    // An assignment carries a copy of its exercise; every shipped one reads back as it was.
    for (const hearth::Exercise &e : m_library->exercises()) {
        const json copy = e;
        QVERIFY2(copy.get<hearth::Exercise>() == e, e.id.c_str());
    }

    // A therapist's own exercise: format "custom", typed in a form (line breaks, longer texts),
    // and keys a later version may add are ignored.
    const auto chars = [](std::size_t n) { return std::string(n, 'x'); };
    hearth::Exercise own;
    own.id = "3fa9c0d2b1e84a77";
    own.version = 2;
    own.format = "custom";
    own.title = chars(120);
    own.purpose = "For the two of you.\nTake your time.";
    own.who = "each";
    own.minutes = 240;
    own.timerMinutes = 240;
    own.steps = {chars(1000), "Write down\nthree things."};
    own.prompts = {"What did you notice?"};
    own.source = "My own exercise";
    json copy = own;
    copy["illustration"] = "later";
    QVERIFY(copy.get<hearth::Exercise>() == own);
    // A format this version of the library does not know yet reads too.
    copy["format"] = "imago";
    QCOMPARE(qs(copy.get<hearth::Exercise>().format), QString("imago"));
}

void TestContent::exerciseCopyRefusesBadInput()
{
    const json good = m_exercises.at("exercises").at(0);
    struct Bad {
        const char *pointer;
        std::string value; // JSON; "" removes
        const char *field;
        const char *message;
    };
    const Bad bad[] = {
        {"/id", "", "id", "missing"},
        {"/id", "\"Has Spaces\"", "id", "not a valid id"},
        {"/format", "\"\"", "format", "not a valid id"},
        {"/title", "\"\"", "title", "must not be empty"},
        {"/title", "\"" + std::string(121, 'x') + "\"", "title", "at most 120 characters, not 121"},
        {"/title", "\"a\\nb\"", "title", "one line"},
        {"/who", "\"us\"", "who", "expected one of: together, each"},
        {"/minutes", "0", "minutes", "between 1 and 240, not 0"},
        {"/timerMinutes", "31", "timerMinutes", "minutes (30), not 31"},
        {"/steps", "", "steps", "missing"},
        {"/steps", "[\"Only one.\"]", "steps", "must hold 2 to 30 steps, not 1"},
        {"/steps/1", "\"\\n \"", "steps[1]", "must not be empty"},
        {"/steps/1", "\"a\\tb\"", "steps[1]", "control characters other than line breaks"},
        {"/steps/1", "\"" + std::string(1001, 'x') + "\"", "steps[1]", "at most 1000"},
        {"/prompts", "[]", "prompts", "must hold 1 to 10 prompts, not 0"},
        {"/prompts/0", "7", "prompts[0]", "must be a string, not a number"},
        {"/source", "", "source", "missing"},
    };
    for (const Bad &b : bad) {
        const json doc = edited(good, b.pointer, qs(b.value));
        QVERIFY2(doc != good, b.pointer);
        try {
            (void)doc.get<hearth::Exercise>();
            QFAIL(qPrintable(QString("accepted ") + b.pointer + " = " + qs(b.value)));
        } catch (const ContentError &e) {
            QCOMPARE(qs(e.field()), QString(b.field));
            QVERIFY2(qs(e.what()).contains(b.message), e.what());
            QCOMPARE(qs(e.file()), QString("exercise"));
        }
    }
    // Not an exercise at all.
    for (const json &notOne : {json(), json::array(), json("love-maps")}) {
        try {
            (void)notOne.get<hearth::Exercise>();
            QFAIL("accepted a non-object");
        } catch (const ContentError &e) {
            QCOMPARE(qs(e.field()), QString("$"));
        }
    }
}

QTEST_GUILESS_MAIN(TestContent)
#include "tst_content.moc"
