// Schema migrations from every earlier version, the backup before a migration, and the clear
// refusal (file untouched) of damaged, foreign and newer databases.
#include "database.h"
#include "errors.h"
#include "migrations.h"
#include "store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;

namespace {

QByteArray fileDigest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

/// A database at `version` holding one row of every table that version has.
void makeDatabaseAt(const std::string &path, int version)
{
    Database db(path, Database::Mode::ReadWriteCreate);
    migrate(db, version);
    db.exec(R"(INSERT INTO meta VALUES ('member_id', 'm1'), ('space_id', 's1');
INSERT INTO space (id, scope, cl, name) VALUES ('s1', 'couple', 1, 'Ana & Ben');
INSERT INTO member (id, scope, cl, spaceId, name, role, timeZone) VALUES
  ('m1', 'couple', 1, 's1', 'Ana', 'partner', 'Europe/Berlin');
INSERT INTO change_log (stamp, entity, id, scope, fields) VALUES
  ('000000000000010.000000.dev', 'space', 's1', 'couple', '{"name":"Ana & Ben"}');)");
    if (version >= 2)
        db.exec(R"(INSERT INTO ritual (id, scope, cl, spaceId, title, rrule, startLocal, timeZone,
  durationMinutes, status) VALUES ('r1', 'couple', 1, 's1', 'Walk', 'FREQ=DAILY', '2026-01-01T08:00',
  'Europe/Berlin', 20, 'active');)");
}

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private:
    ManualClock m_clock{1'700'000'000'000};
    SeededRandom m_random{3};

private slots:
    void versionsAreOrdered()
    {
        int last = 0;
        for (const auto &m : migrations()) {
            QCOMPARE(m.version, last + 1);
            last = m.version;
        }
        QCOMPARE(currentSchemaVersion(), last);
    }

    void fromEveryEarlierVersion_data()
    {
        QTest::addColumn<int>("version");
        for (int v = 1; v < currentSchemaVersion(); ++v)
            QTest::addRow("v%d", v) << v;
    }

    void fromEveryEarlierVersion()
    {
        QFETCH(int, version);
        QTemporaryDir dir;
        const std::string path = dir.filePath("profile.db").toStdString();
        makeDatabaseAt(path, version);

        Store store(path, m_clock, m_random);
        QCOMPARE(int(store.db().queryInt("PRAGMA user_version").value()), currentSchemaVersion());
        QCOMPARE(store.row("member", "m1")->at("name").get<std::string>(), std::string("Ana"));
        QCOMPARE(store.changeLog().size(), std::size_t(1));
        if (version >= 2)
            QCOMPARE(store.row("ritual", "r1")->at("title").get<std::string>(), std::string("Walk"));

        // The backup is a complete copy at the old version.
        const auto backup = store.backupPath();
        QCOMPARE(backup.filename().string(), "profile.db.v" + std::to_string(version) + ".bak");
        Database old(backup, Database::Mode::ReadOnly);
        QCOMPARE(int(old.queryInt("PRAGMA user_version").value()), version);
        QCOMPARE(int(old.queryInt("SELECT count(*) FROM member").value()), 1);

        // Everything the latest schema has works after the migration.
        store.apply(Mutation{Mutation::Kind::Upsert, "ritual", "r2", "couple", {{"title", "New"}}});
        QVERIFY(store.row("ritual", "r2").has_value());
    }

    void currentVersionIsNotBackedUpAgain()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("profile.db").toStdString();
        { Store first(path, m_clock, m_random); }
        Store again(path, m_clock, m_random);
        QVERIFY(again.backupPath().empty());
    }

    void newerDatabaseIsRefusedAndUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("profile.db");
        {
            Store store(path.toStdString(), m_clock, m_random);
            store.db().exec("PRAGMA user_version = " + std::to_string(currentSchemaVersion() + 1));
        }
        const QByteArray before = fileDigest(path);
        try {
            Store store(path.toStdString(), m_clock, m_random);
            QFAIL("expected a StorageError");
        } catch (const StorageError &e) {
            QVERIFY2(std::string(e.what()).find("newer version") != std::string::npos, e.what());
        }
        QCOMPARE(fileDigest(path), before);
    }

    void garbageFileIsRefusedAndUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("profile.db");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        const QByteArray before = fileDigest(path);
        try {
            Store store(path.toStdString(), m_clock, m_random);
            QFAIL("expected a StorageError");
        } catch (const StorageError &e) {
            QVERIFY2(std::string(e.what()).find("left untouched") != std::string::npos, e.what());
        }
        QCOMPARE(fileDigest(path), before);
    }

    void damagedPagesAreRefusedAndUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("profile.db");
        {
            Store store(path.toStdString(), m_clock, m_random);
            for (int i = 0; i < 200; ++i)
                store.apply(Mutation{Mutation::Kind::Upsert, "ritual", "r" + std::to_string(i),
                                     "couple", {{"title", std::string(300, 'a')}}});
            store.db().exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE");
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        QVERIFY(size > 8 * 4096);
        // Scribble over pages in the middle, leaving the header intact.
        f.seek(size / 2);
        f.write(QByteArray(3 * 4096, '\x5a'));
        f.close();
        const QByteArray before = fileDigest(path);
        QVERIFY_THROWS_EXCEPTION(StorageError, Store(path.toStdString(), m_clock, m_random));
        QCOMPARE(fileDigest(path), before);
    }

    void otherSqliteDatabaseIsRefused()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("other.db").toStdString();
        {
            Database db(path, Database::Mode::ReadWriteCreate);
            db.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY)");
        }
        try {
            Store store(path, m_clock, m_random);
            QFAIL("expected a StorageError");
        } catch (const StorageError &e) {
            QVERIFY2(std::string(e.what()).find("not a Hearth database") != std::string::npos,
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
