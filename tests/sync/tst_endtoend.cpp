// End to end (issue 3, item 16): the real hearth-server on 127.0.0.1 and a random port, and two
// partners' profiles driven by the real hearthctl, as separate processes. Pairing, offline edits
// on both sides, a client killed with SIGKILL in the middle of a push, the server killed in the
// middle of a push; afterwards nothing acknowledged is lost and nothing is stored twice. And a
// marker written into every text field of every entity never reaches a file of the server.
//
// Check-ins and repairs (issue 4, item 11), on a second couple: whole conversations with one
// partner offline for part of them. A partner's answer, before both have answered, is not in
// the other's profile files at all (a marker in it is searched for in their bytes), nor ever in
// the server's files; once both have answered, both read both.
#include "clock.h"
#include "database.h"
#include "e2eharness.h"
#include "entity.h"
#include "pgtest.h"
#include "ritualbook.h"
#include "schedule.h"
#include "statedigest.h"
#include "store.h"

#include <QDate>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
// QCOMPARE of nlohmann::json values weighs its qfloat16 overload too (json converts to
// anything), which needs the complete type.
#include <QFloat16>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

using namespace hearth;
using namespace hearth::test::e2e;
namespace fs = std::filesystem;

namespace QTest {
/// JSON values in a failed QCOMPARE print as JSON.
template<>
inline char *toString(const nlohmann::json &value)
{
    return qstrdup(value.dump().c_str());
}
} // namespace QTest

namespace {

const char *const kMarker = "MARKER-e2e-5b1d";

/// Writes `count` done-records into the profile, straight through the store (the test's own
/// process, while no hearthctl runs on it): a long outbox to push.
void writeHistory(const QString &dir, int count, const std::string &note)
{
    SystemClock clock;
    SystemRandom random;
    Store store(profileFile(dir), clock, random);
    RitualBook book(store);
    const Profile p = book.profile();
    const std::string ritualId = book.rituals(true).front().id;
    std::vector<Mutation> batch;
    for (int i = 0; i < count; ++i) {
        batch.push_back({Mutation::Kind::Upsert, "occurrence", ritualId + "-h" + std::to_string(i),
                         "couple",
                         {{"spaceId", p.space.id}, {"ritualId", ritualId},
                          {"localStart", "2020-01-01T08:00"}, {"status", "done"}, {"note", note}}});
    }
    store.apply(batch);
}

std::int64_t pushedOf(const QString &dir)
{
    return std::stoll(metaOf(dir, "sync.pushed").value_or("0"));
}

/// Runs hearthctl and says whether it succeeded; a failure is logged with its message.
bool ok(const QString &dir, const QStringList &args)
{
    const Result r = hearthctl(dir, args);
    if (r.exitCode != 0)
        qWarning("hearthctl %s exited %d: %s", qPrintable(args.join(' ')), r.exitCode, qPrintable(r.err));
    return r.exitCode == 0;
}

/// What `hearthctl --json ARGS` printed, parsed; null when it failed (logged).
nlohmann::json jsonOf(const QString &dir, QStringList args)
{
    args.prepend("--json");
    const Result r = hearthctl(dir, args);
    if (r.exitCode != 0) {
        qWarning("hearthctl %s exited %d: %s", qPrintable(args.join(' ')), r.exitCode, qPrintable(r.err));
        return nullptr;
    }
    return nlohmann::json::parse(r.out.toStdString());
}

/// The rows of a profile that are not `care` rows, as "table:scope" (every table with a scope).
QStringList nonCareRows(const fs::path &file)
{
    Database db(file, Database::Mode::ReadOnly);
    std::vector<std::string> tables;
    auto names = db.cached("SELECT name FROM sqlite_master WHERE type = 'table'");
    while (names->step())
        tables.push_back(names->text(0));
    QStringList found;
    for (const std::string &table : tables) {
        bool scoped = false;
        auto columns = db.cached("SELECT name FROM pragma_table_info(?1)");
        columns->bind(1, table);
        while (columns->step())
            scoped = scoped || columns->text(0) == "scope";
        if (!scoped)
            continue;
        auto rows = db.cached("SELECT scope, COUNT(*) FROM \"" + table + "\" WHERE scope <> 'care' GROUP BY scope");
        while (rows->step())
            found << QString::fromStdString(table + ":" + rows->text(0) + " x" + std::to_string(rows->integer(1)));
    }
    return found;
}

/// The step of a `repair-show --json` answer.
nlohmann::json stepOf(const nlohmann::json &repair, const std::string &stepId)
{
    for (const nlohmann::json &step : repair.at("steps"))
        if (step.at("stepId") == stepId)
            return step;
    return nullptr;
}

} // namespace

class TestEndToEnd : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString a, b;
    std::string m_db; ///< the PostgreSQL schema's URI, or empty on SQLite
    std::unique_ptr<Server> m_server;
    // The second couple, for check-ins and repairs.
    QString maya, jonas;

    QString templateId()
    {
        const Result r = hearthctl(a, {"--json", "templates"});
        const auto list = nlohmann::json::parse(r.out.toStdString());
        return QString::fromStdString(list.at(0).at("id").get<std::string>());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        a = m_tmp.filePath("maya");
        b = m_tmp.filePath("jonas");
        // Against PostgreSQL (ctest's tst_endtoend_pg) every server gets a fresh schema of the
        // fixture's cluster instead of a data folder; the cases are the same.
        if (test::usePostgres()) {
            const std::optional<std::string> admin = test::postgresAdminUri();
            QVERIFY2(admin, "HEARTH_TEST_BACKEND=postgres needs HEARTH_TEST_POSTGRES_FILE");
            m_db = test::freshPostgresSchema(*admin);
        }
        m_server = std::make_unique<Server>(m_tmp.filePath("server"), m_db);
        QVERIFY(m_server->start());
    }

    void pairsAndSeesEachOther()
    {
        QCOMPARE(hearthctl(a, {"init", "--name", "Maya", "--tz", "Europe/Lisbon", "--partner-name",
                               "Jonas", "--partner-tz", "America/Toronto"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"add", "--template", templateId()}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"init", "--name", "Jonas", "--tz", "America/Toronto", "--partner-name",
                               "M.", "--partner-tz", "Europe/Lisbon"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"create-space", "--server", m_server->url(), "--device-name", "Maya's laptop"}).exitCode, 0);
        const Result invite = hearthctl(a, {"invite"});
        QCOMPARE(invite.exitCode, 0);
        const Result joined = hearthctl(b, {"join", invite.out, "--server", m_server->url(), "--device-name", "Jonas' phone"});
        QCOMPARE(joined.exitCode, 0);
        QVERIFY2(joined.out.contains("your partner is Maya (Europe/Lisbon)"), qPrintable(joined.out));
        // The invite is spent.
        const Result again = hearthctl(m_tmp.filePath("third"), {"init", "--name", "X", "--tz", "Europe/Paris",
                                                                 "--partner-name", "Y", "--partner-tz", "Europe/Paris"});
        QCOMPARE(again.exitCode, 0);
        const Result replay = hearthctl(m_tmp.filePath("third"), {"join", invite.out, "--server", m_server->url()});
        QCOMPARE(replay.exitCode, 1);
        QVERIFY2(replay.err.contains("already used"), qPrintable(replay.err));
        // Maya sees Jonas' own name and time zone once she syncs.
        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        const Result status = hearthctl(a, {"--json", "devices"});
        QVERIFY2(status.out.contains("Jonas' phone"), qPrintable(status.out));
        QCOMPARE(digestOf(a), digestOf(b));
    }

    void offlineEditsOnBothSidesMerge()
    {
        // Both edit without syncing: a new ritual each, and the same ritual's occurrence.
        const auto upcoming = nlohmann::json::parse(hearthctl(a, {"--json", "upcoming"}).out.toStdString());
        QVERIFY(!upcoming.empty());
        const QString ritual = QString::fromStdString(upcoming.at(0).at("ritualId").get<std::string>());
        const QString start = QString::fromStdString(upcoming.at(0).at("localStart").get<std::string>());
        QCOMPARE(hearthctl(a, {"add", "--template", templateId(), "--time", "07:15"}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"add", "--template", templateId(), "--time", "21:30"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"done", ritual, start, "--note", "together"}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"skip", ritual, start, "--reason", "away"}).exitCode, 0);
        QVERIFY(digestOf(a) != digestOf(b));
        for (const QString &dir : {a, b, a})
            QCOMPARE(hearthctl(dir, {"sync"}).exitCode, 0);
        QCOMPARE(digestOf(a), digestOf(b));
        const auto rituals = nlohmann::json::parse(hearthctl(b, {"--json", "rituals"}).out.toStdString());
        QCOMPARE(rituals.size(), std::size_t{3});
    }

    void clientKilledMidPushLosesAndRepeatsNothing()
    {
        writeHistory(a, 6000, "long outbox");
        QProcess push;
        push.start(HEARTHCTL_BIN, {"--data-dir", a, "sync"});
        QTRY_VERIFY_WITH_TIMEOUT(pushedOf(a) > 0 || push.state() == QProcess::NotRunning, 60'000);
        push.kill(); // SIGKILL, in the middle of the outbox
        push.waitForFinished();
        QVERIFY2(push.exitStatus() == QProcess::CrashExit, "the push finished before it could be killed");
        const Result status = hearthctl(a, {"--json", "sync-status"});
        QVERIFY2(nlohmann::json::parse(status.out.toStdString()).at("pending").get<int>() > 0, qPrintable(status.out));

        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"sync"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        QCOMPARE(digestOf(a), digestOf(b));
        const auto device = metaOf(a, "sync.device").value();
        const auto [count, distinct] = m_server->envelopesFrom(device);
        QCOMPARE(count, distinct);
    }

    void serverKilledMidPushLosesNothing()
    {
        writeHistory(b, 6000, "another long outbox");
        QProcess push;
        push.start(HEARTHCTL_BIN, {"--data-dir", b, "sync"});
        QTRY_VERIFY_WITH_TIMEOUT(pushedOf(b) > 0 || push.state() == QProcess::NotRunning, 60'000);
        m_server->kill();
        QVERIFY(push.waitForFinished(60'000));
        QCOMPARE(push.exitCode(), 1); // it says why, and keeps what it has not sent
        QVERIFY(QString::fromUtf8(push.readAllStandardError()).contains("cannot reach the server"));

        QVERIFY(m_server->start());
        QCOMPARE(hearthctl(b, {"sync"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        QCOMPARE(digestOf(a), digestOf(b));
        const auto device = metaOf(b, "sync.device").value();
        const auto [count, distinct] = m_server->envelopesFrom(device);
        QCOMPARE(count, distinct);
    }

    void markerNeverReachesTheServersFiles()
    {
        // The marker in every text field of every entity, written on Maya's device.
        {
            SystemClock clock;
            SystemRandom random;
            Store store(profileFile(a), clock, random);
            std::vector<Mutation> batch;
            for (const EntityDef &def : entities()) {
                nlohmann::json fields = nlohmann::json::object();
                for (const FieldDef &f : def.fields)
                    if (f.type == FieldType::Text)
                        fields[std::string(f.name)] = std::string(kMarker) + "-" + std::string(f.name);
                batch.push_back({Mutation::Kind::Upsert, std::string(def.name),
                                 "marker-" + std::string(def.name), "couple", fields});
            }
            store.apply(batch);
        }
        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"sync"}).exitCode, 0);
        QVERIFY(digestOf(b).find(kMarker) != std::string::npos); // it did travel
        m_server->stop();
        const QByteArray marker(kMarker);
        if (m_server->onPostgres()) {
            // The database's own files are the cluster's, shared with other tests: what the
            // server stores is every row of its schema, read back raw.
            const SchemaScan scan = scanSchema(m_server->db(), kMarker);
            QVERIFY2(scan.tablesHolding.isEmpty(), qPrintable(scan.tablesHolding.join(", ")));
            QVERIFY(scan.rows > 0);
            // The scan finds what the server does keep readable: a device's name.
            QVERIFY2(scanSchema(m_server->db(), "Jonas' phone").tablesHolding.size() > 0,
                     "the schema scan does not see the rows it reads");
        } else {
            QDirIterator files(m_server->dataDir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            int scanned = 0;
            while (files.hasNext()) {
                QFile f(files.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                QVERIFY2(!f.readAll().contains(marker), qPrintable(f.fileName()));
                ++scanned;
            }
            QVERIFY(scanned > 0);
        }
        QFile log(m_server->dataDir() + ".log");
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(!log.readAll().contains(marker));
        QVERIFY(m_server->start());
    }

    void talkCouplePairs()
    {
        maya = m_tmp.filePath("maya-talk");
        jonas = m_tmp.filePath("jonas-talk");
        QVERIFY(ok(maya, {"init", "--name", "Maya", "--tz", "Europe/Lisbon", "--partner-name",
                          "Jonas", "--partner-tz", "America/Toronto"}));
        QVERIFY(ok(jonas, {"init", "--name", "Jonas", "--tz", "America/Toronto", "--partner-name",
                           "M.", "--partner-tz", "Europe/Lisbon"}));
        QVERIFY(ok(maya, {"create-space", "--server", m_server->url(), "--device-name", "Maya's phone"}));
        const Result invite = hearthctl(maya, {"invite"});
        QCOMPARE(invite.exitCode, 0);
        QVERIFY(ok(jonas, {"join", invite.out, "--server", m_server->url(), "--device-name", "Jonas' phone"}));
        QVERIFY(ok(maya, {"sync"}));
    }

    void checkInWithOnePartnerOffline()
    {
        const QString mayaMarker = "MARKER-maya-checkin-7f3a";
        const auto started = jsonOf(maya, {"checkin-start", "weekly"});
        QVERIFY(!started.is_null());
        const QString id = QString::fromStdString(started.at("id").get<std::string>());
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        auto list = jsonOf(jonas, {"checkins"});
        QCOMPARE(list.size(), std::size_t{1});
        QCOMPARE(list.at(0).at("state"), nlohmann::json("yourTurn"));
        QCOMPARE(list.at(0).at("startedByName"), nlohmann::json("Maya"));

        // The server goes away: Maya answers and submits offline, and cannot sync.
        m_server->stop();
        QVERIFY(ok(maya, {"checkin-answer", id, "mood", "4"}));
        QVERIFY(ok(maya, {"checkin-answer", id, "closeness", "5"}));
        QVERIFY(ok(maya, {"checkin-answer", id, "stress", "2"}));
        QVERIFY(ok(maya, {"checkin-answer", id, "needs", "reassurance,quality-time"}));
        QVERIFY(ok(maya, {"checkin-answer", id, "felt-close", "Our Sunday walk " + mayaMarker}));
        QVERIFY(ok(maya, {"checkin-submit", id}));
        const Result offline = hearthctl(maya, {"sync"});
        QCOMPARE(offline.exitCode, 1);
        QVERIFY2(offline.err.contains("cannot reach the server"), qPrintable(offline.err));
        QVERIFY(m_server->start());
        QVERIFY(ok(maya, {"sync"}));

        // Jonas sees that she answered, not what: not through hearthctl, not in his files.
        QVERIFY(ok(jonas, {"sync"}));
        auto his = jsonOf(jonas, {"checkin-show", id});
        QCOMPARE(his.at("partnerSubmitted"), nlohmann::json(true));
        QCOMPARE(his.at("revealed"), nlohmann::json(false));
        QCOMPARE(his.at("state"), nlohmann::json("yourTurn"));
        QVERIFY(his.at("partnerAnswers").empty());
        QVERIFY2(filesHolding(jonas, mayaMarker).isEmpty(), qPrintable(filesHolding(jonas, mayaMarker).join(", ")));
        QVERIFY2(m_server->holding(mayaMarker).isEmpty(),
                 qPrintable(m_server->holding(mayaMarker).join(", ")));
        // The search finds the marker where it is: Maya's own profile keeps her words.
        QVERIFY(!filesHolding(maya, mayaMarker).isEmpty());
        const Result shown = hearthctl(jonas, {"checkin-show", id});
        QVERIFY(shown.out.contains("answered; shown once you have submitted too"));
        QVERIFY(!shown.out.contains(mayaMarker));

        // Jonas answers offline (he does not sync meanwhile); an empty required answer and a
        // scale out of range are refused and change nothing.
        QVERIFY(ok(jonas, {"checkin-answer", id, "mood", "3"}));
        const Result outOfRange = hearthctl(jonas, {"checkin-answer", id, "stress", "6"});
        QCOMPARE(outOfRange.exitCode, 1);
        QVERIFY2(outOfRange.err.contains("choose a number from 1 to 5"), qPrintable(outOfRange.err));
        const Result incomplete = hearthctl(jonas, {"checkin-submit", id});
        QCOMPARE(incomplete.exitCode, 1);
        QVERIFY2(incomplete.err.contains("needs an answer before you submit"), qPrintable(incomplete.err));
        QCOMPARE(jsonOf(jonas, {"checkin-show", id}).at("mineSubmitted"), nlohmann::json(false));
        QVERIFY(ok(jonas, {"checkin-answer", id, "closeness", "4"}));
        QVERIFY(ok(jonas, {"checkin-answer", id, "stress", "4"}));
        QVERIFY(ok(jonas, {"checkin-answer", id, "needs", "rest"}));
        QVERIFY(ok(jonas, {"checkin-answer", id, "felt-close", "Cooking together JONAS-words-19c2"}));
        QVERIFY(ok(jonas, {"checkin-submit", id}));
        QCOMPARE(jsonOf(maya, {"checkin-show", id}).at("partnerSubmitted"), nlohmann::json(false));
        QVERIFY(ok(jonas, {"sync"}));

        // Maya syncs: she had answered, so his answer opens for her at once; her key goes out
        // in the same sync, and his next sync opens hers.
        QVERIFY(ok(maya, {"sync"}));
        auto hers = jsonOf(maya, {"checkin-show", id});
        QCOMPARE(hers.at("revealed"), nlohmann::json(true));
        QCOMPARE(hers.at("partnerAnswers").at("felt-close"), nlohmann::json("Cooking together JONAS-words-19c2"));
        QCOMPARE(hers.at("partnerAnswers").at("needs"), nlohmann::json::array({"rest"}));
        QVERIFY(ok(jonas, {"sync"}));
        his = jsonOf(jonas, {"checkin-show", id});
        QCOMPARE(his.at("revealed"), nlohmann::json(true));
        QCOMPARE(his.at("state"), nlohmann::json("revealed"));
        QCOMPARE(his.at("partnerAnswers").at("felt-close"),
                 nlohmann::json(("Our Sunday walk " + mayaMarker).toStdString()));
        QCOMPARE(his.at("partnerAnswers").at("mood"), nlohmann::json(4));
        QVERIFY(hearthctl(jonas, {"checkin-show", id}).out.contains(mayaMarker));
        QVERIFY(m_server->holding(mayaMarker).isEmpty());
        QVERIFY(m_server->holding("JONAS-words-19c2").isEmpty());

        // Replies, then Maya finishes it; Jonas sees both.
        QVERIFY(ok(jonas, {"checkin-reply", id, "--to", "partner", "--question", "felt-close",
                           "--text", "Again next Sunday?"}));
        QVERIFY(ok(maya, {"checkin-reply", id, "--to", "partner", "--question", "felt-close", "--thanks"}));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(maya, {"checkin-finish", id}));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        his = jsonOf(jonas, {"checkin-show", id});
        QCOMPARE(his.at("state"), nlohmann::json("finished"));
        QCOMPARE(his.at("replies").size(), std::size_t{2});
        QCOMPARE(jsonOf(maya, {"checkin-show", id}).at("replies").size(), std::size_t{2});
        const Result late = hearthctl(jonas, {"checkin-answer", id, "mood", "5"});
        QCOMPARE(late.exitCode, 1);
        QVERIFY2(late.err.contains("finished"), qPrintable(late.err));
    }

    void jonasAnswersFirstAndMayaCannotReadIt()
    {
        const QString jonasMarker = "MARKER-jonas-temperature-2c81";
        const auto started = jsonOf(jonas, {"checkin-start", "temperature"});
        QVERIFY(!started.is_null());
        const QString id = QString::fromStdString(started.at("id").get<std::string>());
        QVERIFY(ok(jonas, {"checkin-answer", id, "mood", "2"}));
        QVERIFY(ok(jonas, {"checkin-answer", id, "stress", "5"}));
        QVERIFY(ok(jonas, {"checkin-answer", id, "closeness", "3"}));
        QVERIFY(ok(jonas, {"checkin-answer", id, "note", "Long day " + jonasMarker}));
        QVERIFY(ok(jonas, {"checkin-submit", id}));
        QVERIFY(ok(jonas, {"sync"}));

        QVERIFY(ok(maya, {"sync"}));
        auto hers = jsonOf(maya, {"checkin-show", id});
        QCOMPARE(hers.at("partnerSubmitted"), nlohmann::json(true));
        QCOMPARE(hers.at("revealed"), nlohmann::json(false));
        QVERIFY(hers.at("partnerAnswers").empty());
        QVERIFY2(filesHolding(maya, jonasMarker).isEmpty(), qPrintable(filesHolding(maya, jonasMarker).join(", ")));
        QVERIFY(m_server->holding(jonasMarker).isEmpty());
        QVERIFY(!filesHolding(jonas, jonasMarker).isEmpty());

        QVERIFY(ok(maya, {"checkin-answer", id, "mood", "4"}));
        QVERIFY(ok(maya, {"checkin-answer", id, "stress", "2"}));
        QVERIFY(ok(maya, {"checkin-answer", id, "closeness", "4"}));
        QVERIFY(ok(maya, {"checkin-submit", id}));
        QCOMPARE(jsonOf(maya, {"checkin-show", id}).at("state"), nlohmann::json("opening"));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        QCOMPARE(jsonOf(jonas, {"checkin-show", id}).at("revealed"), nlohmann::json(true));
        QVERIFY(ok(maya, {"sync"}));
        hers = jsonOf(maya, {"checkin-show", id});
        QCOMPARE(hers.at("revealed"), nlohmann::json(true));
        QCOMPARE(hers.at("partnerAnswers").at("note"), nlohmann::json(("Long day " + jonasMarker).toStdString()));
        QVERIFY(m_server->holding(jonasMarker).isEmpty());
    }

    void bothSubmitAtOnce()
    {
        const auto started = jsonOf(maya, {"checkin-start", "state-of-the-union"});
        QVERIFY(!started.is_null());
        const QString id = QString::fromStdString(started.at("id").get<std::string>());
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        for (const QString &dir : {maya, jonas}) {
            QVERIFY(ok(dir, {"checkin-answer", id, "appreciations", "You made tea", "You listened"}));
            QVERIFY(ok(dir, {"checkin-answer", id, "went-well", "The weekend"}));
            QVERIFY(ok(dir, {"checkin-answer", id, "issue", "feel=tired", "about=the plans", "need=a quiet evening"}));
            QVERIFY(ok(dir, {"checkin-answer", id, "feel-loved", "A walk"}));
            QVERIFY(ok(dir, {"checkin-submit", id}));
        }
        // Neither has seen the other's answer yet: both are waiting.
        QCOMPARE(jsonOf(maya, {"checkin-show", id}).at("state"), nlohmann::json("waiting"));
        QCOMPARE(jsonOf(jonas, {"checkin-show", id}).at("state"), nlohmann::json("waiting"));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"})); // his answer and, Maya's being here, his key
        QCOMPARE(jsonOf(jonas, {"checkin-show", id}).at("state"), nlohmann::json("opening"));
        QVERIFY(ok(maya, {"sync"})); // his answer and key; her key goes out
        const auto hers = jsonOf(maya, {"checkin-show", id});
        QCOMPARE(hers.at("revealed"), nlohmann::json(true));
        QCOMPARE(hers.at("partnerAnswers").at("issue").at("need"), nlohmann::json("a quiet evening"));
        QVERIFY(ok(jonas, {"sync"}));
        const auto his = jsonOf(jonas, {"checkin-show", id});
        QCOMPARE(his.at("revealed"), nlohmann::json(true));
        QCOMPARE(his.at("partnerAnswers").at("appreciations"), nlohmann::json::array({"You made tea", "You listened"}));
        // Both charts now hold both people.
        QCOMPARE(jsonOf(maya, {"checkin-trends"}).at("people").size(), std::size_t{2});
    }

    void answerForADeletedCheckInIsKept()
    {
        // Nothing in hearthctl or CheckIns deletes a check-in; another version of the app may,
        // so the removal is written straight into Jonas's store (no hearthctl runs on it then).
        const auto started = jsonOf(maya, {"checkin-start", "temperature"});
        QVERIFY(!started.is_null());
        const std::string id = started.at("id").get<std::string>();
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        {
            SystemClock clock;
            SystemRandom random;
            Store store(profileFile(jonas), clock, random);
            store.apply(Mutation{Mutation::Kind::Remove, "checkin", id, "couple", {}});
        }
        QVERIFY(ok(jonas, {"sync"}));
        // Maya, offline, answers the check-in she still sees, then syncs.
        const QString qid = QString::fromStdString(id);
        QVERIFY(ok(maya, {"checkin-answer", qid, "mood", "5"}));
        QVERIFY(ok(maya, {"checkin-answer", qid, "stress", "1"}));
        QVERIFY(ok(maya, {"checkin-answer", qid, "closeness", "5"}));
        QVERIFY(ok(maya, {"checkin-submit", qid}));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        // Gone from both lists; asking for it says so; her answer is kept on both devices.
        for (const QString &dir : {maya, jonas}) {
            const auto ids = jsonOf(dir, {"checkins"});
            QVERIFY(std::none_of(ids.begin(), ids.end(), [&](const nlohmann::json &c) { return c.at("id") == id; }));
            const Result gone = hearthctl(dir, {"checkin-show", qid});
            QCOMPARE(gone.exitCode, 1);
            QVERIFY2(gone.err.contains("No check-in has the id"), qPrintable(gone.err));
            Database db(profileFile(dir), Database::Mode::ReadOnly);
            auto st = db.cached("SELECT count(*) FROM checkin_answer WHERE checkinId = ?1 AND cl % 2 = 1");
            st->bind(1, id);
            QVERIFY(st->step());
            QCOMPARE(st->integer(0), std::int64_t{1});
        }
        // Brought back, it shows her answer again.
        {
            SystemClock clock;
            SystemRandom random;
            Store store(profileFile(maya), clock, random);
            store.apply(Mutation{Mutation::Kind::Upsert, "checkin", id, "couple", {{"setId", "temperature"}}});
        }
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        QCOMPARE(jsonOf(jonas, {"checkin-show", qid}).at("partnerSubmitted"), nlohmann::json(true));
        QCOMPARE(jsonOf(maya, {"checkin-show", qid}).at("myAnswers").at("mood"), nlohmann::json(5));
    }

    void wholeRepairWithABreak()
    {
        const QString jonasMarker = "MARKER-jonas-reality-88d0";
        const QString mayaMarker = "MARKER-maya-reality-41be";
        const auto started = jsonOf(jonas, {"repair-start", "--title", "Missed the train",
                                            "--intensity", "4", "--topic", "plans", "--topic", "tone"});
        QVERIFY(!started.is_null());
        const QString id = QString::fromStdString(started.at("id").get<std::string>());
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        auto log = jsonOf(maya, {"repairs", "--topic", "plans"});
        QCOMPARE(log.at("repairs").size(), std::size_t{1});
        QCOMPARE(log.at("repairs").at(0).at("startedByName"), nlohmann::json("Jonas"));

        // Jonas calls a break from the repair; Maya's device shows it with his return time.
        const auto pause = jsonOf(jonas, {"break", "--repair", id, "--minutes", "20"});
        QVERIFY(!pause.is_null());
        QCOMPARE(pause.at("returnAt").get<Millis>() - pause.at("calledAt").get<Millis>(), Millis{20 * 60'000});
        const Result tooShort = hearthctl(jonas, {"break", "--minutes", "10"});
        QCOMPARE(tooShort.exitCode, 1);
        QVERIFY2(tooShort.err.startsWith("hearthctl: --minutes: A break lasts from 20 minutes"),
                 qPrintable(tooShort.err));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        const auto seen = jsonOf(maya, {"break-status"});
        QCOMPARE(seen.at("active"), nlohmann::json(true));
        QCOMPARE(seen.at("calledByName"), nlohmann::json("Jonas"));
        QCOMPARE(seen.at("returnAt"), nlohmann::json(pause.at("returnAt")));
        QCOMPARE(seen.at("returnLocal"),
                 nlohmann::json(utcToLocal(pause.at("returnAt").get<Millis>(), "Europe/Lisbon")));
        QCOMPARE(seen.at("repairTitle"), nlohmann::json("Missed the train"));
        const Result said = hearthctl(maya, {"break-status"});
        QVERIFY2(said.out.startsWith("Jonas called a break at "), qPrintable(said.out));
        QCOMPARE(jsonOf(maya, {"repair-show", id}).at("status"), nlohmann::json("cooling"));
        QVERIFY(ok(jonas, {"break-end"}));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        QCOMPARE(jsonOf(maya, {"break-status"}).at("active"), nlohmann::json(false));
        QVERIFY(ok(maya, {"repair-status", id, "talking"}));
        QVERIFY(ok(maya, {"sync"}));

        // The first steps: Jonas writes his while Maya is offline; she sees that he wrote
        // each, not what, until she has written hers. Only "calm" is shared at once: whether
        // he is ready to talk is for her to know before she answers.
        const QStringList first = {"calm", "feelings", "reality", "apology"};
        QVERIFY(ok(jonas, {"repair-step", id, "calm", "ready"}));
        QVERIFY(ok(jonas, {"repair-step", id, "feelings", "misunderstood", "scared"}));
        QVERIFY(ok(jonas, {"repair-step", id, "reality", "I thought we said nine " + jonasMarker}));
        QVERIFY(ok(jonas, {"repair-step", id, "apology", "I am sorry I snapped at you."}));
        for (const QString &step : first)
            QVERIFY(ok(jonas, {"repair-submit", id, step}));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        auto hers = jsonOf(maya, {"repair-show", id});
        for (const QString &step : first) {
            const auto s = stepOf(hers, step.toStdString());
            QCOMPARE(s.at("partnerSubmitted"), nlohmann::json(true));
            QCOMPARE(s.at("revealed"), nlohmann::json(false));
            if (step == "calm")
                QCOMPARE(s.at("partner"), nlohmann::json("ready"));
            else
                QVERIFY(s.at("partner").is_null());
        }
        QVERIFY2(filesHolding(maya, jonasMarker).isEmpty(), qPrintable(filesHolding(maya, jonasMarker).join(", ")));
        QVERIFY(m_server->holding(jonasMarker).isEmpty());
        QVERIFY(!filesHolding(jonas, jonasMarker).isEmpty());

        const Result notCalm = hearthctl(maya, {"repair-step", id, "calm", "maybe"});
        QCOMPARE(notCalm.exitCode, 1);
        QVERIFY(ok(maya, {"repair-step", id, "calm", "ready"}));
        QVERIFY(ok(maya, {"repair-step", id, "feelings", "hurt,let-down"}));
        QVERIFY(ok(maya, {"repair-step", id, "reality", "I waited an hour " + mayaMarker}));
        QVERIFY(ok(maya, {"repair-step", id, "apology", "I am sorry I went quiet."}));
        for (const QString &step : first)
            QVERIFY(ok(maya, {"repair-submit", id, step}));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        hers = jsonOf(maya, {"repair-show", id});
        auto his = jsonOf(jonas, {"repair-show", id});
        for (const QString &step : first) {
            QCOMPARE(stepOf(hers, step.toStdString()).at("revealed"), nlohmann::json(true));
            QCOMPARE(stepOf(his, step.toStdString()).at("revealed"), nlohmann::json(true));
        }
        QCOMPARE(stepOf(hers, "reality").at("partner"),
                 nlohmann::json(("I thought we said nine " + jonasMarker).toStdString()));
        QCOMPARE(stepOf(his, "reality").at("partner"),
                 nlohmann::json(("I waited an hour " + mayaMarker).toStdString()));
        QCOMPARE(stepOf(his, "feelings").at("partner"), nlohmann::json::array({"hurt", "let-down"}));
        QVERIFY(m_server->holding(jonasMarker).isEmpty());
        QVERIFY(m_server->holding(mayaMarker).isEmpty());

        // Having read each other's apology: acceptance and a plan each, then repaired.
        QVERIFY(ok(maya, {"repair-step", id, "acceptance", "accepted", "Thank you."}));
        QVERIFY(ok(maya, {"repair-step", id, "plan", "I will call when I am late."}));
        QVERIFY(ok(jonas, {"repair-step", id, "acceptance", "accepted"}));
        QVERIFY(ok(jonas, {"repair-step", id, "plan", "I will write the time down."}));
        for (const QString &dir : {maya, jonas})
            for (const char *step : {"acceptance", "plan"})
                QVERIFY(ok(dir, {"repair-submit", id, step}));
        hers = jsonOf(maya, {"repair-show", id});
        QCOMPARE(stepOf(hers, "plan").at("partnerSubmitted"), nlohmann::json(false));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        hers = jsonOf(maya, {"repair-show", id});
        QCOMPARE(stepOf(hers, "acceptance").at("partner"), nlohmann::json({{"choice", "accepted"}}));
        QCOMPARE(stepOf(hers, "plan").at("partner"), nlohmann::json("I will write the time down."));

        QVERIFY(ok(maya, {"repair-status", id, "repaired"}));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        his = jsonOf(jonas, {"repair-show", id});
        QCOMPARE(his.at("status"), nlohmann::json("repaired"));
        QVERIFY(his.at("timeToRepairMs").get<Millis>() > 0);
        const Result after = hearthctl(jonas, {"repair-status", id, "talking"});
        QCOMPARE(after.exitCode, 1);
        QVERIFY2(after.err.contains("can't go from \"repaired\""), qPrintable(after.err));
        for (const QString &dir : {maya, jonas}) {
            const auto kept = jsonOf(dir, {"commitments"});
            QCOMPARE(kept.size(), std::size_t{2});
            std::set<std::string> texts;
            for (const auto &c : kept) {
                texts.insert(c.at("memberName").get<std::string>() + ": " + c.at("text").get<std::string>());
                QCOMPARE(c.at("repairTitle"), nlohmann::json("Missed the train"));
            }
            QCOMPARE(texts, (std::set<std::string>{"Jonas: I will write the time down.",
                                                   "Maya: I will call when I am late."}));
        }
        QCOMPARE(jsonOf(maya, {"repairs", "--status", "repaired"}).at("repairs").size(), std::size_t{1});
    }
    // Issue 5. A need Maya keeps private reaches her second device and no one else; one she shares
    // reaches Jonas, and leaves his side when she makes it private again.
    void privateNeedNeverLeavesItsAuthor()
    {
        const QString privateMarker = "MARKER-private-need-5c1e";
        const QString sharedMarker = "MARKER-shared-need-77d2";
        const QString mayaTablet = m_tmp.filePath("maya-tablet");
        QVERIFY(ok(mayaTablet, {"init", "--name", "Maya", "--tz", "Europe/Lisbon", "--partner-name", "Jonas",
                                "--partner-tz", "America/Toronto"}));
        const Result invite = hearthctl(maya, {"invite", "--device"});
        QCOMPARE(invite.exitCode, 0);
        QVERIFY(ok(mayaTablet, {"join", invite.out, "--server", m_server->url(), "--device-name", "Maya's tablet"}));

        const auto secret = jsonOf(maya, {"need-add", "trigger", "When the phone stays dark " + privateMarker,
                                          "--detail", "situation"});
        QVERIFY(!secret.is_null());
        const auto open = jsonOf(maya, {"need-add", "helps", "A long hug " + sharedMarker, "--shared"});
        QVERIFY(!open.is_null());
        for (const QString &dir : {maya, jonas, mayaTablet, maya})
            QVERIFY(ok(dir, {"sync"}));

        // Jonas reads what she shared, and nothing of what she did not.
        auto his = jsonOf(jonas, {"needs", "--partner"});
        QCOMPARE(his.size(), std::size_t{1});
        QVERIFY(his.dump().find(sharedMarker.toStdString()) != std::string::npos);
        QVERIFY2(filesHolding(jonas, privateMarker).isEmpty(), qPrintable(filesHolding(jonas, privateMarker).join(", ")));
        // Her tablet holds both, as her own.
        const auto tablet = jsonOf(mayaTablet, {"needs"});
        QVERIFY(tablet.dump().find(privateMarker.toStdString()) != std::string::npos);
        QVERIFY(tablet.dump().find(sharedMarker.toStdString()) != std::string::npos);
        // The server holds neither in any readable form.
        for (const QString &marker : {privateMarker, sharedMarker})
            QVERIFY2(m_server->holding(marker).isEmpty(),
                     qPrintable(m_server->holding(marker).join(", ")));

        // She makes the shared one private again: it leaves Jonas's list, stays on her devices.
        QVERIFY(ok(maya, {"need-unshare", QString::fromStdString(open.at("id").get<std::string>())}));
        for (const QString &dir : {maya, jonas, mayaTablet})
            QVERIFY(ok(dir, {"sync"}));
        QVERIFY(jsonOf(jonas, {"needs", "--partner"}).empty());
        const auto after = jsonOf(mayaTablet, {"needs"});
        QVERIFY(after.dump().find(sharedMarker.toStdString()) != std::string::npos);
    }

    // Issue 5. Jonas proposes a signal and Maya accepts it; she sends a signal while the server is
    // down, it arrives once when she is back, his reply comes back to her once; his own signal
    // reaches a device that is waiting on a long poll.
    void signalRoundTrip()
    {
        const auto proposed = jsonOf(jonas, {"signal-propose", "Pineapple", "I'm flooded and need twenty minutes."});
        QVERIFY(!proposed.is_null());
        const QString signalId = QString::fromStdString(proposed.at("id").get<std::string>());
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        const Result own = hearthctl(jonas, {"signal-accept", signalId});
        QCOMPARE(own.exitCode, 1); // his own proposal is Maya's to accept
        QVERIFY(ok(maya, {"signal-accept", signalId}));
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        auto ours = jsonOf(jonas, {"signals"});
        QCOMPARE(ours.size(), std::size_t{1});
        QCOMPARE(ours.at(0).at("status"), nlohmann::json("ours"));

        // Offline: the signal waits in Maya's outbox and goes once she is back.
        m_server->stop();
        const auto sent = jsonOf(maya, {"signal-send", "hug"});
        QVERIFY(!sent.is_null());
        const QString messageId = QString::fromStdString(sent.at("id").get<std::string>());
        QCOMPARE(hearthctl(maya, {"sync"}).exitCode, 1);
        QVERIFY(m_server->start());
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(maya, {"sync"})); // a second sync sends nothing twice
        QVERIFY(ok(jonas, {"sync"}));
        auto notices = jsonOf(jonas, {"signal-notices"});
        QCOMPARE(notices.size(), std::size_t{1});
        QCOMPARE(notices.at(0).at("kind"), nlohmann::json("arrived"));
        QCOMPARE(notices.at(0).at("message").at("id"), nlohmann::json(messageId.toStdString()));
        QVERIFY(jsonOf(jonas, {"signal-notices"}).empty()); // never told twice
        QCOMPARE(jsonOf(jonas, {"signal-inbox"}).size(), std::size_t{1});

        // His reply comes back to her, once.
        const Result mine = hearthctl(maya, {"signal-reply", messageId, "coming"});
        QCOMPARE(mine.exitCode, 1); // her own message is not hers to answer
        QVERIFY(ok(jonas, {"signal-reply", messageId, "coming"}));
        QVERIFY(jsonOf(jonas, {"signal-inbox"}).empty());
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        notices = jsonOf(maya, {"signal-notices"});
        QCOMPARE(notices.size(), std::size_t{1});
        QCOMPARE(notices.at(0).at("kind"), nlohmann::json("answered"));
        QCOMPARE(notices.at(0).at("message").at("reply"), nlohmann::json("coming"));
        QVERIFY(jsonOf(maya, {"signal-notices"}).empty());

        // Their own signal, while Maya's device waits on a long poll: it wakes with it.
        QProcess waiting;
        waiting.start(HEARTHCTL_BIN, {"--data-dir", maya, "--json", "sync", "--wait", "25"});
        QVERIFY(waiting.waitForStarted());
        QTest::qWait(500);
        QVERIFY(ok(jonas, {"signal-send", "own", "--signal", signalId}));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(waiting.waitForFinished(60'000));
        QCOMPARE(waiting.exitCode(), 0);
        const auto woke = nlohmann::json::parse(waiting.readAllStandardOutput().toStdString());
        QVERIFY(woke.at("merged").get<int>() > 0);
        notices = jsonOf(maya, {"signal-notices"});
        QCOMPARE(notices.size(), std::size_t{1});
        QCOMPARE(notices.at(0).at("message").at("text"), nlohmann::json("Pineapple"));
        QCOMPARE(notices.at(0).at("message").at("meaning"), nlohmann::json("I'm flooded and need twenty minutes."));
    }

    // Issue 5. An agreement both agreed to, then changed by both at once while apart: both
    // devices settle on the same text (the later edit), waiting for the other's agreement again.
    void agreementEditedByBothAtOnce()
    {
        const auto proposed = jsonOf(maya, {"agreement-propose", "When one of us is running late",
                                            "We text before six."});
        QVERIFY(!proposed.is_null());
        const QString id = QString::fromStdString(proposed.at("id").get<std::string>());
        QVERIFY(ok(maya, {"sync"}));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(jonas, {"agreement-agree", id}));
        QVERIFY(ok(jonas, {"sync"}));
        QVERIFY(ok(maya, {"sync"}));
        QCOMPARE(jsonOf(maya, {"agreements"}).at(0).at("status"), nlohmann::json("active"));

        QVERIFY(ok(maya, {"agreement-change", id, "When one of us is running late", "We text before five."}));
        QTest::qWait(20);
        QVERIFY(ok(jonas, {"agreement-change", id, "When one of us is running late", "We call before six."}));
        for (const QString &dir : {maya, jonas, maya})
            QVERIFY(ok(dir, {"sync"}));
        const auto hers = jsonOf(maya, {"agreements"}).at(0);
        const auto his = jsonOf(jonas, {"agreements"}).at(0);
        QCOMPARE(hers.at("action"), nlohmann::json("We call before six."));
        QCOMPARE(his.at("action"), hers.at("action"));
        QCOMPARE(hers.at("status"), nlohmann::json("proposed"));
        QCOMPARE(his.at("status"), nlohmann::json("proposed"));
        // Jonas proposed the text that won: it is Maya's to agree to.
        QCOMPARE(hearthctl(jonas, {"agreement-agree", id}).exitCode, 1);
        QVERIFY(ok(maya, {"agreement-agree", id}));
    }

    // Issue 6, item 9. A therapist's practice and a couple on one server: link, both accept the
    // policy, an assignment done by both with a shared and a private reflection, what each
    // database holds; then Jonas unlinks, and what Maya shares afterwards never reaches it.
    void therapistSeesOnlyWhatIsSharedWithThem()
    {
        const QString markerA = "MARKER-shared-reflection-a41c";
        const QString markerB = "MARKER-private-reflection-b9e0";
        const QString markerC = "MARKER-after-unlink-c37f";
        const QString needMarker = "MARKER-maya-need-d2aa";
        const QString coupleMarker = "MARKER-couple-need-e611";
        const QString mayaDir = m_tmp.filePath("maya-care");
        const QString jonasDir = m_tmp.filePath("jonas-care");
        const QString practice = m_tmp.filePath("therapist");
        QVERIFY(ok(mayaDir, {"init", "--name", "Maya", "--tz", "Europe/Lisbon", "--partner-name", "Jonas",
                             "--partner-tz", "America/Toronto"}));
        QVERIFY(ok(jonasDir, {"init", "--name", "Jonas", "--tz", "America/Toronto", "--partner-name", "M.",
                              "--partner-tz", "Europe/Lisbon"}));
        QVERIFY(ok(mayaDir, {"create-space", "--server", m_server->url(), "--device-name", "Maya's phone"}));
        const Result invite = hearthctl(mayaDir, {"invite"});
        QCOMPARE(invite.exitCode, 0);
        QVERIFY(ok(jonasDir, {"join", invite.out, "--server", m_server->url(), "--device-name", "Jonas' phone"}));
        // Before any therapist: a private need and a shared one of Maya's.
        QVERIFY(!jsonOf(mayaDir, {"need-add", "trigger", "Cold silence " + needMarker, "--detail", "situation"}).is_null());
        QVERIFY(!jsonOf(mayaDir, {"need-add", "helps", "A walk together " + coupleMarker, "--shared"}).is_null());
        QVERIFY(ok(mayaDir, {"sync"}));

        // Maya invites; a partner's invite code is not a therapist's.
        const Result code = hearthctl(mayaDir, {"therapist-invite"});
        QCOMPARE(code.exitCode, 0);
        QVERIFY(ok(practice, {"practice-init", "--name", "Dr. Ana Ruiz", "--tz", "Europe/Lisbon",
                              "--policy-kind", "limited-secrets", "--policy-text",
                              "What one of you tells me alone I may keep, unless it puts someone at risk."}));
        const auto linked = jsonOf(practice, {"practice-link", code.out, "--server", m_server->url(),
                                              "--device-name", "Ana's office"});
        QVERIFY(!linked.is_null());
        const QString space = QString::fromStdString(linked.at("space").get<std::string>());
        QCOMPARE(space.toStdString(), metaOf(mayaDir, "sync.space").value());
        // Nothing shows the couple before both accept.
        QVERIFY(ok(mayaDir, {"sync"}));
        const auto waiting = jsonOf(mayaDir, {"care-link"});
        QCOMPARE(waiting.at("therapistName"), nlohmann::json("Dr. Ana Ruiz"));
        QCOMPARE(waiting.at("state"), nlohmann::json("awaiting-acceptance"));
        QCOMPARE(hearthctl(practice, {"assign", "--couple", space, "--exercise", "love-maps", "--due",
                                      "2030-01-01"}).exitCode, 1);
        QVERIFY(ok(mayaDir, {"care-accept"}));
        QVERIFY(ok(mayaDir, {"sync"}));
        QVERIFY(ok(jonasDir, {"sync"}));
        QVERIFY(ok(jonasDir, {"care-accept"}));
        QVERIFY(ok(jonasDir, {"sync"}));
        QVERIFY(ok(practice, {"practice-sync"}));
        QCOMPARE(jsonOf(practice, {"couples"}).at(0).at("state"), nlohmann::json("active"));

        const QString today = QDate::currentDate().toString(Qt::ISODate);
        const auto assigned = jsonOf(practice, {"assign", "--couple", space, "--exercise",
                                                "stress-reducing-conversation", "--due", today,
                                                "--every", "7", "--times", "4", "--note", "Twenty minutes each"});
        QVERIFY(!assigned.is_null());
        const QString assignment = QString::fromStdString(assigned.at("id").get<std::string>());
        QVERIFY(ok(practice, {"practice-sync"}));

        QVERIFY(ok(mayaDir, {"sync"}));
        QVERIFY(ok(jonasDir, {"sync"}));
        const auto hers = jsonOf(mayaDir, {"assignments"});
        QCOMPARE(hers.size(), std::size_t{4});
        QCOMPARE(hers.at(0).at("assignmentId").get<std::string>(), assignment.toStdString());
        QVERIFY(ok(mayaDir, {"assignment-done", assignment, "1"}));
        QVERIFY(ok(mayaDir, {"assignment-reflect", assignment, "1", "--answer", "We listened " + markerA, "--share"}));
        QVERIFY(ok(jonasDir, {"assignment-done", assignment, "1"}));
        QVERIFY(ok(jonasDir, {"assignment-reflect", assignment, "1", "--answer", "Hard for me " + markerB}));
        for (const QString &dir : {mayaDir, jonasDir, mayaDir})
            QVERIFY(ok(dir, {"sync"}));
        QVERIFY(ok(practice, {"practice-sync"}));

        // The therapist reads Maya's shared reflection, sees both done, and holds nothing else.
        const auto shared = jsonOf(practice, {"couple-reflections", "--couple", space});
        QVERIFY2(shared.size() == 1, shared.dump().c_str());
        QVERIFY(shared.dump().find(markerA.toStdString()) != std::string::npos);
        const auto status = jsonOf(practice, {"couple-status", "--couple", space});
        int done = 0;
        for (const auto &item : status)
            done += item.at("status") == "done" ? 1 : 0;
        QCOMPARE(done, 2);
        const QString coupleDir = practice + "/couples/" + space;
        const fs::path coupleFile = profileFile(coupleDir);
        QVERIFY(fs::exists(coupleFile));
        QVERIFY(!filesHolding(coupleDir, markerA).isEmpty());
        for (const QString &marker : {markerB, needMarker, coupleMarker})
            QVERIFY2(filesHolding(practice, marker).isEmpty(), qPrintable(marker + ": " + filesHolding(practice, marker).join(", ")));
        QVERIFY2(nonCareRows(coupleFile).isEmpty(), qPrintable(nonCareRows(coupleFile).join(", ")));
        // Its key ring holds the `care` key and nothing else.
        const auto ring = nlohmann::json::parse(metaOf(coupleDir, "sync.keys").value());
        QVERIFY(!ring.at("keys").empty());
        for (const auto &key : ring.at("keys"))
            QCOMPARE(key.at("scope"), nlohmann::json("care"));
        // Jonas's private reflection stays on his device; Maya reads only her own and his shared.
        QVERIFY(!filesHolding(jonasDir, markerB).isEmpty());
        QVERIFY(filesHolding(mayaDir, markerB).isEmpty());
        // The server holds neither in a readable form.
        for (const QString &marker : {markerA, markerB})
            QVERIFY2(m_server->holding(marker).isEmpty(),
                     qPrintable(m_server->holding(marker).join(", ")));
        const QString exportFile = m_tmp.filePath("maya-jonas.html");
        QVERIFY(ok(practice, {"couple-export", "--couple", space, "--out", exportFile}));
        QFile exported(exportFile);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray html = exported.readAll();
        QVERIFY(html.contains(markerA.toUtf8()));
        QVERIFY(!html.contains(markerB.toUtf8()));

        // Jonas unlinks. Maya writes a new shared reflection afterwards: it never reaches the
        // therapist, whose earlier data stays.
        QVERIFY(ok(jonasDir, {"care-unlink"}));
        QCOMPARE(jsonOf(jonasDir, {"care-link"}).at("state"), nlohmann::json("ended"));
        QVERIFY(ok(mayaDir, {"sync"}));
        QCOMPARE(jsonOf(mayaDir, {"care-link"}).at("state"), nlohmann::json("ended"));
        // What Maya seals from now on is under a `care` key the therapist never had.
        const auto careEpoch = [](const QString &dir) {
            std::uint64_t epoch = 0;
            const auto ring = nlohmann::json::parse(metaOf(dir, "sync.keys").value());
            for (const auto &key : ring.at("keys"))
                if (key.at("scope") == "care")
                    epoch = std::max(epoch, key.at("epoch").get<std::uint64_t>());
            return epoch;
        };
        QVERIFY(careEpoch(coupleDir) > 0);
        QVERIFY(careEpoch(mayaDir) > careEpoch(coupleDir));
        const Result later = hearthctl(mayaDir, {"assignment-reflect", assignment, "2", "--answer",
                                                 "Since then " + markerC, "--share"});
        if (later.exitCode != 0)
            qInfo("Maya cannot reflect on an ended link's assignment (%s); she shares a need instead",
                  qPrintable(later.err));
        QVERIFY(later.exitCode == 0
                || !jsonOf(mayaDir, {"need-add", "helps", "Quiet mornings " + markerC, "--shared"}).is_null());
        QVERIFY(ok(mayaDir, {"sync"}));
        QVERIFY(ok(jonasDir, {"sync"}));
        const auto after = jsonOf(practice, {"practice-sync"});
        QVERIFY(!after.is_null());
        QCOMPARE(after.at(0).at("state"), nlohmann::json("ended"));
        QVERIFY(ok(practice, {"practice-sync"}));
        QCOMPARE(jsonOf(practice, {"couples"}).at(0).at("state"), nlohmann::json("ended"));
        QVERIFY2(filesHolding(practice, markerC).isEmpty(), qPrintable(filesHolding(practice, markerC).join(", ")));
        QVERIFY(!filesHolding(coupleDir, markerA).isEmpty());
        QCOMPARE(jsonOf(practice, {"couple-reflections", "--couple", space}).size(), std::size_t{1});
        // The unlinked replica keeps no token: it asks the server nothing any more.
        QVERIFY(metaOf(coupleDir, "sync.token").value_or("").empty());
    }

    // Issue 7, item 5. Two hearth-server processes on one database, and a couple's three
    // devices whose requests alternate between them from one sync to the next, with changes in
    // between: invites made on one process are redeemed on the other, everything converges, and
    // a long poll on one process wakes when a push lands on the other.
    void twoProcessesOneDatabase()
    {
        if (!m_server->onPostgres())
            QSKIP("several processes share one database on PostgreSQL only (tst_endtoend_pg)");
        Server second(m_tmp.filePath("server-b"), m_db);
        QVERIFY(second.start());
        const QStringList urls = {m_server->url(), second.url()};
        const QString ana = m_tmp.filePath("ana");
        const QString ben = m_tmp.filePath("ben");
        const QString tablet = m_tmp.filePath("ana-tablet");
        QVERIFY(ok(ana, {"init", "--name", "Ana", "--tz", "Europe/Madrid", "--partner-name", "Ben",
                         "--partner-tz", "Europe/Dublin"}));
        QVERIFY(ok(ben, {"init", "--name", "Ben", "--tz", "Europe/Dublin", "--partner-name", "Ana",
                         "--partner-tz", "Europe/Madrid"}));
        QVERIFY(ok(tablet, {"init", "--name", "Ana", "--tz", "Europe/Madrid", "--partner-name", "Ben",
                            "--partner-tz", "Europe/Dublin"}));
        QVERIFY(ok(ana, {"add", "--template", templateId()}));
        // The space is created on A; Ben's invite is made on A and redeemed on B, the tablet's
        // made on B and redeemed on A.
        QVERIFY(ok(ana, {"create-space", "--server", urls[0], "--device-name", "Ana's phone"}));
        const Result invite = hearthctl(ana, {"invite"});
        QCOMPARE(invite.exitCode, 0);
        QVERIFY(ok(ben, {"join", invite.out, "--server", urls[1], "--device-name", "Ben's phone"}));
        const QString stranger = m_tmp.filePath("stranger");
        QVERIFY(ok(stranger, {"init", "--name", "X", "--tz", "Europe/Paris", "--partner-name", "Y",
                              "--partner-tz", "Europe/Paris"}));
        const Result replay = hearthctl(stranger, {"join", invite.out, "--server", urls[0]});
        QCOMPARE(replay.exitCode, 1); // spent on B, so spent on A
        QVERIFY2(replay.err.contains("already used"), qPrintable(replay.err));
        pointAt(ana, urls[1]);
        const Result deviceInvite = hearthctl(ana, {"invite", "--device"});
        QCOMPARE(deviceInvite.exitCode, 0);
        QVERIFY(ok(tablet, {"join", deviceInvite.out, "--server", urls[0], "--device-name", "Ana's tablet"}));

        const QStringList devices = {ana, ben, tablet};
        constexpr int kRounds = 6;
        int requestsOnB = 0;
        for (int round = 0; round < kRounds + 2; ++round) {
            for (int i = 0; i < devices.size(); ++i) {
                const QString &dir = devices[i];
                // A change between two syncs; the last two rounds only carry what is left.
                if (round < kRounds) {
                    const QString text = QString("Round %1 from %2").arg(round).arg(QFileInfo(dir).fileName());
                    QVERIFY(!jsonOf(dir, {"need-add", "helps", text, "--shared"}).is_null());
                }
                const int server = (i + round) % 2;
                requestsOnB += server;
                pointAt(dir, urls[server]);
                QVERIFY(ok(dir, {"sync"}));
            }
        }
        qInfo("%d syncs alternated between two processes, %d of them on B", int(devices.size()) * (kRounds + 2),
              requestsOnB);
        QCOMPARE(digestOf(ben), digestOf(ana));
        QCOMPARE(digestOf(tablet), digestOf(ana));
        // Ben reads what Ana shared from either device; her tablet holds all of hers.
        QCOMPARE(jsonOf(ben, {"needs", "--partner"}).size(), std::size_t{2 * kRounds});
        QCOMPARE(jsonOf(tablet, {"needs"}).size(), std::size_t{2 * kRounds});
        QCOMPARE(jsonOf(ana, {"needs", "--partner"}).size(), std::size_t{kRounds});
        // Whichever process took them, every envelope is stored once.
        for (const QString &dir : devices) {
            const auto [count, distinct] = m_server->envelopesFrom(metaOf(dir, "sync.device").value());
            QCOMPARE(count, distinct);
            QCOMPARE(distinct, std::stoll(metaOf(dir, "sync.seq").value_or("0")));
        }

        // A long poll on one process, a push on the other: it wakes, both ways round.
        for (int way = 0; way < 2; ++way) {
            pointAt(ben, urls[way]);
            pointAt(ana, urls[1 - way]);
            QElapsedTimer polling;
            polling.start();
            QProcess waiting;
            waiting.start(HEARTHCTL_BIN, {"--data-dir", ben, "--json", "sync", "--wait", "30"});
            QVERIFY(waiting.waitForStarted());
            QTest::qWait(500);
            QVERIFY(!jsonOf(ana, {"need-add", "helps", QString("Wake %1").arg(way), "--shared"}).is_null());
            // Ana's sync and Ben's poll both run; when each process ends is taken from its signal.
            QElapsedTimer sincePush;
            qint64 pushEnded = -1;
            qint64 pollEnded = -1;
            connect(&waiting, &QProcess::finished, this, [&] { pollEnded = sincePush.elapsed(); });
            QProcess pushing;
            connect(&pushing, &QProcess::finished, this, [&] { pushEnded = sincePush.elapsed(); });
            sincePush.start();
            pushing.start(HEARTHCTL_BIN, {"--data-dir", ana, "sync"});
            QTRY_VERIFY_WITH_TIMEOUT(pushEnded >= 0 && pollEnded >= 0, 60'000);
            QCOMPARE(pushing.exitCode(), 0);
            QCOMPARE(waiting.exitCode(), 0);
            const auto woke = nlohmann::json::parse(waiting.readAllStandardOutput().toStdString());
            QVERIFY(woke.at("merged").get<int>() > 0);
            qInfo("a long poll on %s returned %lld ms after Ana's hearthctl sync against %s started "
                  "(which ran %lld ms from start to exit)",
                  way == 0 ? "A" : "B", static_cast<long long>(pollEnded), way == 0 ? "B" : "A",
                  static_cast<long long>(pushEnded));
            // Not a timing check: a poll that nothing woke runs to its 30 s deadline.
            QVERIFY2(polling.elapsed() < 25'000, "the push on the other process did not wake the long poll");
        }
        QCOMPARE(jsonOf(ben, {"needs", "--partner"}).size(), std::size_t{2 * kRounds + 2});
        second.stop();
    }
};

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "tst_endtoend.moc"
