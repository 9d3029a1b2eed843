// The store: the one change path, the change log, row reads, meta, the clock rules.
#include "entity.h"
#include "errors.h"
#include "store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using nlohmann::json;

class TestStore : public QObject {
    Q_OBJECT

private:
    ManualClock m_clock{1'700'000'000'000};
    SeededRandom m_random{42};

    Mutation ritual(Mutation::Kind kind, const std::string &id, json fields)
    {
        return Mutation{kind, "ritual", id, "couple", std::move(fields)};
    }

private slots:
    void localEditWritesStateAndLogInOneTransaction()
    {
        Store store(":memory:", m_clock, m_random);
        const Change c =
            store.apply(ritual(Mutation::Kind::Upsert, "r1", {{"title", "Morning coffee"}}));
        QCOMPARE(c.entity, std::string("ritual"));
        QCOMPARE(c.stamp.device, store.deviceId());
        QCOMPARE(c.fields.at("_cl").get<int>(), 1);

        const auto row = store.row("ritual", "r1");
        QVERIFY(row.has_value());
        QCOMPARE(row->at("title").get<std::string>(), std::string("Morning coffee"));
        QCOMPARE(row->at("scope").get<std::string>(), std::string("couple"));

        const auto log = store.changeLog();
        QCOMPARE(log.size(), std::size_t(1));
        QCOMPARE(log.front().second, c);
    }

    void failedBatchWritesNothing()
    {
        Store store(":memory:", m_clock, m_random);
        std::vector<Mutation> batch = {
            ritual(Mutation::Kind::Upsert, "r1", {{"title", "Kept?"}}),
            ritual(Mutation::Kind::Upsert, "r2", {{"durationMinutes", "not a number"}}),
        };
        QVERIFY_THROWS_EXCEPTION(ProtocolError, store.apply(batch));
        QVERIFY(!store.row("ritual", "r1").has_value());
        QVERIFY(store.changeLog().empty());
    }

    void rejectsUnknownFieldsAndEntitiesFromLocalCode()
    {
        Store store(":memory:", m_clock, m_random);
        QVERIFY_THROWS_EXCEPTION(ProtocolError,
                                 store.apply(ritual(Mutation::Kind::Upsert, "r1", {{"colour", 1}})));
        QVERIFY_THROWS_EXCEPTION(
            ProtocolError, store.apply(Mutation{Mutation::Kind::Upsert, "gadget", "g1", "couple", {}}));
        QVERIFY_THROWS_EXCEPTION(
            ProtocolError, store.apply(Mutation{Mutation::Kind::Upsert, "ritual", "r", "public", {}}));
    }

    void updateOfMissingRowIsAClearError()
    {
        Store store(":memory:", m_clock, m_random);
        try {
            store.apply(ritual(Mutation::Kind::Update, "nope", {{"title", "x"}}));
            QFAIL("expected a ValidationError");
        } catch (const ValidationError &e) {
            QCOMPARE(e.field(), std::string("id"));
        }
    }

    void removeAndResurrectUseCausalLength()
    {
        Store store(":memory:", m_clock, m_random);
        store.apply(ritual(Mutation::Kind::Upsert, "r1", {{"title", "Date night"}}));
        const Change removed = store.apply(ritual(Mutation::Kind::Remove, "r1", {}));
        QCOMPARE(removed.fields.at("_cl").get<int>(), 2);
        QVERIFY(!store.row("ritual", "r1").has_value());
        store.apply(ritual(Mutation::Kind::Upsert, "r1", {{"status", "active"}}));
        const auto row = store.row("ritual", "r1");
        QVERIFY(row.has_value());
        QCOMPARE(row->at("title").get<std::string>(), std::string("Date night"));
    }

    void stampsIncreaseEvenWhenTheClockStandsStill()
    {
        Store store(":memory:", m_clock, m_random);
        const Change a = store.apply(ritual(Mutation::Kind::Upsert, "r1", {{"title", "a"}}));
        const Change b = store.apply(ritual(Mutation::Kind::Update, "r1", {{"title", "b"}}));
        QVERIFY(a.stamp < b.stamp);
        QCOMPARE(b.stamp.counter, a.stamp.counter + 1);
    }

    void stampsSurviveARestartWithTheClockBehind()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString();
        Stamp last;
        std::string device;
        {
            Store store(path, m_clock, m_random);
            device = store.deviceId();
            last = store.apply(ritual(Mutation::Kind::Upsert, "r1", {{"title", "a"}})).stamp;
        }
        ManualClock behind(m_clock.nowMs() - 60'000);
        Store store(path, behind, m_random);
        QCOMPARE(store.deviceId(), device);
        const Change next = store.apply(ritual(Mutation::Kind::Update, "r1", {{"title", "b"}}));
        QVERIFY(last < next.stamp);
    }

    void stampTextSortsLikeTheValue()
    {
        const Stamp a{999, 5, "aa"};
        const Stamp b{1000, 0, "aa"};
        QVERIFY(a.toString() < b.toString());
        QCOMPARE(Stamp::parse(b.toString()), b);
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)Stamp::parse("12.3.x"));
    }

    void changesReadFromTextAreTheChangesWritten()
    {
        Store store(":memory:", m_clock, m_random);
        std::vector<Change> written = store.apply(std::vector<Mutation>{
            ritual(Mutation::Kind::Upsert, "r1", {{"title", "Tea \"at\" \u00e9\n"}, {"steps", json::parse("[1, -2, 0.5, {\"a\": null}]")}}),
            ritual(Mutation::Kind::Upsert, "r2", {{"durationMinutes", 20}})});
        written.back().receivedMs = 1'700'000'000'123;
        QVERIFY(changesFromJson(json(written).dump()) == written);
        QVERIFY(changeFromJson(json(written.front())) == written.front());
        // What from_json refuses, both refuse, with ProtocolError.
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)changesFromJson("[{\"stamp\":"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)changesFromJson(json(written.front()).dump()));
        json negative = json(written.front());
        negative["fields"]["_cl"] = -1;
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)changesFromJson(json::array({negative}).dump()));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)changeFromJson(std::move(negative)));
    }

    void remoteClockFarAheadDoesNotDragTheLocalClock()
    {
        ManualClock clock(1'000'000);
        HlcClock hlc(clock, "me");
        hlc.observe(Stamp{1'000'000 + 24 * 3600'000LL, 0, "them"});
        QCOMPARE(hlc.next().ms, 1'000'000 + kMaxClockDrift);
    }

    void changeFromAClockADayAheadDoesNotWinForADay()
    {
        Store store(":memory:", m_clock, m_random);
        const Millis received = m_clock.nowMs();
        Change ahead{Stamp{received + 24 * 3600'000LL, 0, "fast"}, "ritual", "r1", "couple",
                     {{"_cl", 1}, {"title", "from the fast clock"}}, received};
        store.merge(std::span(&ahead, 1));
        // Ten minutes later an honest edit arrives: it must win.
        Change honest{Stamp{received + 10 * 60'000, 0, "honest"}, "ritual", "r1", "couple",
                      {{"title", "later, honest"}}, received + 10 * 60'000};
        store.merge(std::span(&honest, 1));
        QCOMPARE(store.row("ritual", "r1")->at("title").get<std::string>(),
                 std::string("later, honest"));
    }

    void listenersHearCommittedChanges()
    {
        Store store(":memory:", m_clock, m_random);
        int heard = 0;
        store.addListener([&](std::span<const Change> changes) { heard += int(changes.size()); });
        store.apply(ritual(Mutation::Kind::Upsert, "r1", {{"title", "a"}}));
        QCOMPARE(heard, 1);
        try {
            store.apply(ritual(Mutation::Kind::Upsert, "r2", {{"title", 5}}));
        } catch (const ProtocolError &) {
        }
        QCOMPARE(heard, 1);
    }

    void nestedUseOfOneQueryLeavesTheOuterAlone()
    {
        Store store(":memory:", m_clock, m_random);
        for (int i = 0; i < 3; ++i)
            store.apply(ritual(Mutation::Kind::Upsert, "r" + std::to_string(i), {{"title", "t"}}));
        const std::string sql = "SELECT id FROM ritual ORDER BY id";
        auto outer = store.db().cached(sql);
        QVERIFY(outer->step());
        QCOMPARE(outer->text(0), std::string("r0"));
        {
            auto inner = store.db().cached(sql);
            int rows = 0;
            while (inner->step())
                ++rows;
            QCOMPARE(rows, 3);
        }
        QVERIFY(outer->step());
        QCOMPARE(outer->text(0), std::string("r1"));
    }

    void rowsOfAnEntityLearnedInAnUpgradeMoveToItsTable()
    {
        // A partner on a newer version wrote check-ins before this device knew them: they were kept
        // whole in foreign_row. After the upgrade that knows check-ins, the store moves them into
        // their table: the same state as a store that merged them knowing the entity all along.
        Store writer(":memory:", m_clock, m_random);
        std::vector<Change> changes;
        changes.push_back(writer.apply(Mutation{Mutation::Kind::Upsert, "checkin", "c1", "couple",
                                                {{"setId", "weekly"}, {"setVersion", 1},
                                                 {"startedBy", "maya"}, {"startedAt", 7}}}));
        changes.push_back(writer.apply(Mutation{Mutation::Kind::Upsert, "checkin", "c2", "couple",
                                                {{"setId", "temperature"}}}));
        changes.push_back(writer.apply(Mutation{Mutation::Kind::Remove, "checkin", "c2", "couple", {}}));
        changes.push_back(writer.apply(Mutation{Mutation::Kind::Upsert, "checkin", "c1", "couple", {{"ritualId", "r9"}}}));
        // A field a still newer version added.
        Change newer = changes.back();
        newer.fields = {{"mood", "sunny"}};
        changes.push_back(newer);

        QTemporaryDir dir;
        const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "old.db";
        SeededRandom random{7};
        std::string knownAllAlong;
        {
            Store reader(":memory:", m_clock, random);
            reader.merge(changes);
            knownAllAlong = reader.stateHash();
        }
        {
            Store old(file, m_clock, random);
            old.merge(changes);
            // Make it what a version without check-ins kept: the rows in foreign_row, fields in
            // `extra`, the tables not there yet.
            old.db().exec(
                "INSERT INTO foreign_row (entity, id, scope, cl, clocks, extra) SELECT 'checkin', id, "
                "scope, cl, clocks, json_patch(extra, json_object('setId', setId, 'setVersion', "
                "setVersion, 'startedBy', startedBy, 'startedAt', startedAt, 'ritualId', ritualId)) "
                "FROM checkin; DELETE FROM checkin;");
            old.db().exec("UPDATE foreign_row SET extra = json_remove(extra, '$.setVersion', "
                          "'$.startedBy', '$.startedAt', '$.ritualId') WHERE id = 'c2'");
        }
        Store upgraded(file, m_clock, random);
        QCOMPARE(upgraded.db().queryInt("SELECT count(*) FROM foreign_row").value_or(-1), 0);
        const auto c1 = upgraded.row("checkin", "c1");
        QVERIFY(c1.has_value());
        QCOMPARE(c1->at("setId").get<std::string>(), std::string("weekly"));
        QCOMPARE(c1->at("setVersion").get<int>(), 1);
        QCOMPARE(c1->at("ritualId").get<std::string>(), std::string("r9"));
        QVERIFY(!upgraded.row("checkin", "c2").has_value()); // removed stays removed
        QCOMPARE(upgraded.stateHash(), knownAllAlong);
        // And it merges on: a later edit of a field that moved wins as it should.
        Change later = changes.front();
        later.fields = {{"setId", "state-of-the-union"}};
        later.stamp = writer.apply(Mutation{Mutation::Kind::Upsert, "checkin", "c1", "couple", {{"setId", "x"}}}).stamp;
        QCOMPARE(upgraded.merge(std::vector<Change>{later}), std::size_t(1));
        QCOMPARE(upgraded.row("checkin", "c1")->at("setId").get<std::string>(), std::string("state-of-the-union"));
        QCOMPARE(upgraded.row("checkin", "c1")->at("mood").get<std::string>(), std::string("sunny"));
    }

    void aKeptFieldOfAnotherTypeStaysKeptWhenItsEntityIsLearned()
    {
        QTemporaryDir dir;
        const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "old.db";
        {
            Store old(file, m_clock, m_random);
            old.db().exec("INSERT INTO foreign_row (entity, id, scope, cl, clocks, extra) VALUES "
                          "('checkin', 'c1', 'couple', 1, '{}', "
                          "'{\"setId\":\"weekly\",\"finishedAt\":\"not yet\"}')");
        }
        Store upgraded(file, m_clock, m_random);
        const auto row = upgraded.row("checkin", "c1");
        QVERIFY(row.has_value());
        QCOMPARE(row->at("setId").get<std::string>(), std::string("weekly"));
        QCOMPARE(row->at("finishedAt").get<std::string>(), std::string("not yet")); // kept, in extra
        QCOMPARE(upgraded.db().queryInt("SELECT count(*) FROM checkin WHERE finishedAt IS NULL").value_or(0), 1);
    }

    void aJsonFieldHoldingAStringReadsBack()
    {
        // A JSON field takes any JSON value; a string was once stored unquoted and could not be
        // read back.
        Store store(":memory:", m_clock, m_random);
        store.apply(ritual(Mutation::Kind::Upsert, "r1", {{"steps", "just one step"}}));
        QCOMPARE(store.row("ritual", "r1")->at("steps").get<std::string>(), std::string("just one step"));
        store.apply(ritual(Mutation::Kind::Update, "r1", {{"steps", json::array({"a", "b"})}}));
        QCOMPARE(store.row("ritual", "r1")->at("steps").size(), std::size_t(2));
    }

    void metaIsLocal()
    {
        Store store(":memory:", m_clock, m_random);
        QVERIFY(!store.meta("x"));
        store.setMeta("x", "1");
        store.setMeta("x", "2");
        QCOMPARE(*store.meta("x"), std::string("2"));
        QVERIFY(store.changeLog().empty());
    }

    void changeJsonRoundTripsAndRejectsGarbage()
    {
        Change c{Stamp{5, 1, "dev"}, "ritual", "r1", "couple", {{"title", "x"}, {"_cl", 1}}, 7};
        QCOMPARE(json(c).get<Change>(), c);
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)json::parse("[1]").get<Change>());
        json bad = c;
        bad["scope"] = "everyone";
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)bad.get<Change>());
        bad = c;
        bad["fields"]["_cl"] = -1;
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)bad.get<Change>());
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
