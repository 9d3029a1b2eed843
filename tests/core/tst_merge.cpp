// Property tests of the per-field merge: commutative, associative, idempotent, and keeping
// fields it does not know. Random change sets from three devices, one of them with a clock a day
// ahead, over known and unknown entities and fields.
#include "entity.h"
#include "errors.h"
#include "store.h"

#include <QTest>

#include <algorithm>
#include <random>

using namespace hearth;
using nlohmann::json;

namespace {

struct Generator {
    std::mt19937_64 rng;
    std::vector<Stamp> clocks{{1'000, 0, "aaaaaaaa"}, {1'000, 0, "bbbbbbbb"}, {1'000, 0, "cccccccc"}};

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

    json value(FieldType type)
    {
        switch (type) {
        case FieldType::Text: return pick(5) == 0 ? json(nullptr) : json("v" + std::to_string(pick(4)));
        case FieldType::Integer: return pick(20);
        case FieldType::Real: return pick(100) / 4.0;
        case FieldType::Json: return json::array({pick(3), "s" + std::to_string(pick(3))});
        }
        return nullptr;
    }

    Change next()
    {
        const int d = pick(3);
        Stamp &s = clocks[static_cast<std::size_t>(d)];
        // Sometimes the same millisecond (counter ties), sometimes a jump; device c runs a day ahead.
        if (pick(3) == 0) {
            ++s.counter;
        } else {
            s.ms += 1 + pick(50);
            s.counter = 0;
        }
        Change c;
        c.stamp = s;
        if (d == 2)
            c.stamp.ms += 24 * 3600'000LL;
        c.receivedMs = pick(2) ? s.ms + pick(100) : 0;
        const int kind = pick(10);
        c.entity = kind < 5 ? "ritual" : kind < 8 ? "member" : "futureThing";
        c.id = "id" + std::to_string(pick(4));
        const char *scopes[] = {"private", "couple", "care"};
        c.scope = scopes[pick(3)];
        const EntityDef *def = findEntity(c.entity);
        const int n = 1 + pick(4);
        for (int i = 0; i < n; ++i) {
            if (def && pick(4) != 0) {
                const FieldDef &f = def->fields[static_cast<std::size_t>(pick(int(def->fields.size())))];
                c.fields[std::string(f.name)] = value(f.type);
            } else {
                c.fields["unknown" + std::to_string(pick(3))] = value(FieldType::Json);
            }
        }
        if (pick(3) == 0)
            c.fields["_cl"] = 1 + pick(4);
        if (pick(4) == 0)
            c.fields["_scope"] = scopes[pick(3)];
        return c;
    }
};

std::string stateAfter(const std::vector<std::vector<Change>> &batches)
{
    ManualClock clock(1'000);
    SeededRandom random(1);
    Store store(":memory:", clock, random);
    for (const auto &b : batches)
        store.merge(b);
    return store.stateHash();
}

std::vector<std::vector<Change>> randomBatches(const std::vector<Change> &changes, std::mt19937_64 &rng)
{
    std::vector<std::vector<Change>> out;
    std::size_t i = 0;
    while (i < changes.size()) {
        const std::size_t n = 1 + std::uniform_int_distribution<std::size_t>(0, 20)(rng);
        out.emplace_back(changes.begin() + long(i), changes.begin() + long(std::min(changes.size(), i + n)));
        i += n;
    }
    return out;
}

} // namespace

class TestMerge : public QObject {
    Q_OBJECT

private slots:
    void properties_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 60; ++seed)
            QTest::addRow("seed %d", seed) << seed;
    }

    void properties()
    {
        QFETCH(int, seed);
        Generator gen{std::mt19937_64(static_cast<std::uint64_t>(seed))};
        std::vector<Change> changes;
        for (int i = 0; i < 150; ++i)
            changes.push_back(gen.next());

        const std::string reference = stateAfter({changes});

        // Commutative: any order gives the same state.
        std::vector<Change> shuffled = changes;
        std::shuffle(shuffled.begin(), shuffled.end(), gen.rng);
        QCOMPARE(stateAfter({shuffled}), reference);
        std::vector<Change> reversed(changes.rbegin(), changes.rend());
        QCOMPARE(stateAfter({reversed}), reference);

        // Associative: any grouping into batches gives the same state.
        QCOMPARE(stateAfter(randomBatches(shuffled, gen.rng)), reference);

        // Idempotent: applying everything again, and duplicates within a batch, changes nothing.
        std::vector<Change> twice = shuffled;
        twice.insert(twice.end(), changes.begin(), changes.end());
        std::shuffle(twice.begin(), twice.end(), gen.rng);
        QCOMPARE(stateAfter({twice}), reference);
        QCOMPARE(stateAfter({changes, changes}), reference);
    }

    void hashSeesEveryDifference()
    {
        // The properties above are only as strong as the hash: two different states must differ.
        Generator gen{std::mt19937_64(7)};
        std::vector<Change> changes;
        for (int i = 0; i < 50; ++i)
            changes.push_back(gen.next());
        std::vector<Change> fewer(changes.begin(), changes.end() - 1);
        Change last = changes.back();
        last.stamp.ms += 1'000'000;
        std::vector<Change> modified = fewer;
        modified.push_back(last);
        QVERIFY(stateAfter({changes}) != stateAfter({modified}));
    }

    void lastWriterWinsPerField()
    {
        ManualClock clock(1'000);
        SeededRandom random(1);
        Store store(":memory:", clock, random);
        const std::vector<Change> changes = {
            {Stamp{10, 0, "a"}, "ritual", "r", "couple", {{"_cl", 1}, {"title", "A1"}, {"purpose", "P1"}}, 0},
            {Stamp{20, 0, "b"}, "ritual", "r", "couple", {{"title", "B2"}}, 0},
            {Stamp{15, 0, "a"}, "ritual", "r", "couple", {{"purpose", "A15"}, {"title", "A15"}}, 0},
            {Stamp{20, 0, "a"}, "ritual", "r", "couple", {{"kind", "tie, device a"}}, 0},
            {Stamp{20, 0, "b"}, "ritual", "r", "couple", {{"kind", "tie, device b"}}, 0},
        };
        store.merge(changes);
        const auto row = store.row("ritual", "r");
        QCOMPARE(row->at("title").get<std::string>(), std::string("B2"));    // later stamp
        QCOMPARE(row->at("purpose").get<std::string>(), std::string("A15")); // per field
        QCOMPARE(row->at("kind").get<std::string>(), std::string("tie, device b")); // device breaks ties
    }

    void concurrentDeleteAndEditKeepsTheRowDeletedUntilResurrected()
    {
        ManualClock clock(1'000);
        SeededRandom random(1);
        Store store(":memory:", clock, random);
        const std::vector<Change> changes = {
            {Stamp{10, 0, "a"}, "ritual", "r", "couple", {{"_cl", 1}, {"title", "x"}}, 0},
            {Stamp{20, 0, "a"}, "ritual", "r", "couple", {{"_cl", 2}}, 0},
            {Stamp{21, 0, "b"}, "ritual", "r", "couple", {{"title", "edited"}}, 0},
        };
        store.merge(changes);
        QVERIFY(!store.row("ritual", "r").has_value());
        const Change back{Stamp{30, 0, "b"}, "ritual", "r", "couple", {{"_cl", 3}}, 0};
        store.merge(std::span(&back, 1));
        QCOMPARE(store.row("ritual", "r")->at("title").get<std::string>(), std::string("edited"));
    }

    void unknownFieldsAndEntitiesSurvive()
    {
        ManualClock clock(1'000);
        SeededRandom random(1);
        Store store(":memory:", clock, random);
        const std::vector<Change> fromNewerApp = {
            {Stamp{10, 0, "new"}, "ritual", "r", "couple",
             {{"_cl", 1}, {"title", "Walk"}, {"mood", json{{"colour", "green"}}}}, 0},
            {Stamp{11, 0, "new"}, "hologram", "h1", "couple", {{"_cl", 1}, {"shape", "heart"}}, 0},
        };
        store.merge(fromNewerApp);
        // A local edit of a known field keeps the unknown one.
        store.apply(Mutation{Mutation::Kind::Update, "ritual", "r", "", {{"title", "Evening walk"}}});
        const auto row = store.row("ritual", "r");
        QCOMPARE(row->at("title").get<std::string>(), std::string("Evening walk"));
        QCOMPARE(row->at("mood").at("colour").get<std::string>(), std::string("green"));
        // And a newer write of the unknown field still merges by its stamp.
        const Change older{Stamp{5, 0, "new"}, "ritual", "r", "couple", {{"mood", "older"}}, 0};
        store.merge(std::span(&older, 1));
        QCOMPARE(store.row("ritual", "r")->at("mood").at("colour").get<std::string>(), std::string("green"));
        Statement st(store.db(), "SELECT extra FROM foreign_row WHERE entity = 'hologram'");
        QVERIFY(st.step());
        QCOMPARE(json::parse(st.text(0)).at("shape").get<std::string>(), std::string("heart"));
    }

    void privacyChangeSurvivesAConcurrentEditWithAStaleScope()
    {
        ManualClock clock(1'000);
        SeededRandom random(1);
        Store store(":memory:", clock, random);
        const std::vector<Change> changes = {
            {Stamp{10, 0, "a"}, "ritual", "r", "couple", {{"_cl", 1}, {"_scope", "couple"}, {"title", "x"}}, 0},
            // A makes it private; B, not having seen that, edits the title under "couple".
            {Stamp{20, 0, "a"}, "ritual", "r", "private", {{"_scope", "private"}}, 0},
            {Stamp{21, 0, "b"}, "ritual", "r", "couple", {{"title", "edited"}}, 0},
        };
        store.merge(changes);
        QCOMPARE(store.row("ritual", "r")->at("scope").get<std::string>(), std::string("private"));
        QCOMPARE(store.row("ritual", "r")->at("title").get<std::string>(), std::string("edited"));
    }

    void localEditAfterAFutureStampedWriteStillWins()
    {
        ManualClock clock(1'000'000);
        SeededRandom random(1);
        Store store(":memory:", clock, random);
        // A write from a device whose clock runs a day ahead, not yet bounded by a server time.
        const Change ahead{Stamp{1'000'000 + 24 * 3600'000LL, 3, "fast"}, "ritual", "r", "couple",
                           {{"_cl", 1}, {"_scope", "couple"}, {"title", "from the future"}}, 0};
        store.merge(std::span(&ahead, 1));
        const Change mine = store.apply(
            Mutation{Mutation::Kind::Update, "ritual", "r", "", {{"title", "my edit"}}});
        QCOMPARE(store.row("ritual", "r")->at("title").get<std::string>(), std::string("my edit"));
        QVERIFY(mine.stamp > ahead.stamp);
        // The device's own clock was not dragged a day ahead by it.
        const Change other = store.apply(
            Mutation{Mutation::Kind::Upsert, "ritual", "r2", "couple", {{"title", "elsewhere"}}});
        QVERIFY(other.stamp.ms < 1'000'000 + kMaxClockDrift + 1);
        // A replica that merges my log agrees with me.
        Store replica(":memory:", clock, random);
        replica.merge(std::span(&ahead, 1));
        std::vector<Change> log;
        for (auto &[seq, c] : store.changeLog())
            log.push_back(c);
        replica.merge(log);
        QCOMPARE(replica.stateHash(), store.stateHash());
    }

    void authorAgreesWithReplicasOnceTheServerTimeBoundsItsStamp()
    {
        // Device A's clock runs a day ahead. It edits a title; the server receives that at T.
        // An hour later B edits the same title. Replicas bound A's stamp by T + kMaxClockDrift,
        // so B wins; A itself compared its raw stamp and kept its own value, until rekey().
        const Millis day = 24 * 3600'000LL;
        const Millis t = 10'000'000;
        ManualClock aheadClock(t + day);
        ManualClock clock(t);
        SeededRandom randomA(1);
        SeededRandom randomB(2);
        Store a(":memory:", aheadClock, randomA);
        Store b(":memory:", clock, randomB);
        Change fromA = a.apply(Mutation{Mutation::Kind::Upsert, "ritual", "r", "couple",
                                        {{"title", "A's title"}}});
        fromA.receivedMs = t;
        b.merge(std::span(&fromA, 1));
        clock.set(t + 3600'000);
        Change fromB = b.apply(Mutation{Mutation::Kind::Update, "ritual", "r", "", {{"title", "B's title"}}});
        fromB.receivedMs = t + 3600'000;
        a.merge(std::span(&fromB, 1));
        QCOMPARE(b.row("ritual", "r")->at("title").get<std::string>(), std::string("B's title"));
        QCOMPARE(a.row("ritual", "r")->at("title").get<std::string>(), std::string("A's title"));

        QVERIFY(a.rekey(std::span(&fromA, 1)));
        QVERIFY(!a.rekey(std::span(&fromA, 1))); // once is enough
        a.merge(std::span(&fromB, 1));           // what came after is merged again
        QCOMPARE(a.row("ritual", "r")->at("title").get<std::string>(), std::string("B's title"));
        QCOMPARE(a.stateHash(), b.stateHash());

        // A change inside the drift bound keeps its stamp: nothing to re-key.
        Change inBound = b.apply(Mutation{Mutation::Kind::Update, "ritual", "r", "", {{"purpose", "p"}}});
        inBound.receivedMs = clock.nowMs();
        QVERIFY(!b.rekey(std::span(&inBound, 1)));
    }

    void remoteTypeMismatchIsRejectedWhole()
    {
        ManualClock clock(1'000);
        SeededRandom random(1);
        Store store(":memory:", clock, random);
        const std::vector<Change> changes = {
            {Stamp{10, 0, "a"}, "ritual", "ok", "couple", {{"_cl", 1}, {"title", "fine"}}, 0},
            {Stamp{11, 0, "a"}, "ritual", "bad", "couple", {{"durationMinutes", "long"}}, 0},
        };
        QVERIFY_THROWS_EXCEPTION(ProtocolError, store.merge(changes));
        QVERIFY(!store.row("ritual", "ok").has_value());
    }
};

QTEST_GUILESS_MAIN(TestMerge)
#include "tst_merge.moc"
