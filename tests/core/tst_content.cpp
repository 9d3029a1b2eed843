// The content library: the shipped templates cover what the app promises, and every kind of
// broken content file is refused with an error that names the file and the exact field.

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
using hearth::RitualTemplate;
using nlohmann::json;

namespace {

const std::filesystem::path realContentDir{HEARTH_CONTENT_DIR};

QString qs(const std::string &s) { return QString::fromStdString(s); }

std::filesystem::path pathOf(const QTemporaryDir &dir) { return dir.path().toStdString(); }

std::filesystem::path ritualsFile(const std::filesystem::path &dir) { return dir / "rituals.json"; }

json readJson(const std::filesystem::path &file)
{
    std::ifstream in(file);
    return json::parse(in);
}

void writeText(const std::filesystem::path &dir, const std::string &text)
{
    std::ofstream out(ritualsFile(dir), std::ios::binary | std::ios::trunc);
    out << text;
}

void writeJson(const std::filesystem::path &dir, const json &doc) { writeText(dir, doc.dump(2)); }

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

private:
    json m_real;
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

    json doc = m_real;
    const json::json_pointer where(pointer.toStdString());
    if (value.isEmpty()) {
        doc.at(where.parent_pointer()).erase(where.back());
    } else {
        doc[where] = json::parse(value.toStdString());
    }

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

    json doc = m_real;
    doc["rituals"] = json::array({m_real["rituals"][0]});
    doc["rituals"][0]["title"] = "From the environment";
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeJson(pathOf(dir), doc);

    qputenv(EnvironmentGuard::name, dir.path().toLocal8Bit());
    QCOMPARE(qs(ContentLibrary::defaultDir().string()), dir.path());
    const auto fromEnv = ContentLibrary::loadDefault();
    QCOMPARE(fromEnv.rituals().size(), std::size_t{1});
    QCOMPARE(qs(fromEnv.rituals().front().title), QString("From the environment"));

    // An empty value means "not set", not "the current directory".
    qputenv(EnvironmentGuard::name, QByteArray());
    QCOMPARE(qs(ContentLibrary::defaultDir().string()), qs(realContentDir.string()));

    qunsetenv(EnvironmentGuard::name);
    QCOMPARE(qs(ContentLibrary::defaultDir().string()), qs(realContentDir.string()));
    QCOMPARE(ContentLibrary::loadDefault().rituals().size(), m_real.at("rituals").size());
}

QTEST_GUILESS_MAIN(TestContent)
#include "tst_content.moc"
