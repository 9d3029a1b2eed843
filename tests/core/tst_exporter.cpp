// Export and import: the JSON round trip is lossless, bad input is refused, .ics matches the agenda.
#include "contentlibrary.h"
#include "demo.h"
#include "errors.h"
#include "exporter.h"
#include "icalendar.h"
#include "ritualbook.h"
#include "store.h"

#include <QTest>

#include <algorithm>

using namespace hearth;
using nlohmann::json;

namespace {

constexpr Millis kDay = 24 * 3600'000LL;
/// Saturday 2024-06-01, 10:00 UTC.
constexpr Millis kNow = 1'717'236'000'000;

struct Fixture {
    explicit Fixture(std::uint64_t randomSeed) : random(randomSeed), store(":memory:", clock, random), book(store) {}
    ManualClock clock{kNow};
    SeededRandom random;
    Store store;
    RitualBook book;
};

json ritualsJson(RitualBook &book)
{
    json out = json::array();
    for (const Ritual &r : book.rituals(true))
        out.push_back({r.id, r.spaceId, r.kind, r.title, r.purpose, r.steps, r.schedule.rrule,
                       r.schedule.startLocal, r.schedule.timeZone, r.schedule.durationMinutes,
                       r.reminderMinutes, r.templateId, r.templateVersion,
                       std::string(toString(r.status)), r.createdBy, r.createdAt});
    return out;
}

json historyJson(RitualBook &book, Millis from, Millis to)
{
    json out = json::array();
    for (const Ritual &r : book.rituals(true))
        for (const AgendaItem &item : book.history(r.id, from, to)) {
            json rec = nullptr;
            if (item.record)
                rec = {item.record->id,   item.record->status, item.record->movedTo,
                       item.record->note, item.record->rating, item.record->reason,
                       item.record->actor, item.record->at};
            out.push_back({item.ritualId, item.localStart, item.startUtc, item.status, item.moved, rec});
        }
    return out;
}

/// Exports `from`, sends the document through text as a file would, imports it into `to`.
void roundTrip(Store &from, Store &to)
{
    const std::string text = exportProfile(from).dump(2);
    importProfile(to, json::parse(text));
}

Change remote(const std::string &entity, const std::string &id, json fields, Millis ms,
              Millis receivedMs = 0, const std::string &device = "ffffffffffffffff")
{
    return Change{Stamp{ms, 0, device}, entity, id, "couple", std::move(fields), receivedMs};
}

} // namespace

class TestExporter : public QObject {
    Q_OBJECT

private:
    ContentLibrary m_content = ContentLibrary::loadDefault();

private slots:
    void documentHasTheDocumentedShape()
    {
        Fixture src(1);
        fillDemo(src.book, m_content, kNow, 10, 1, &src.clock);
        const json doc = exportProfile(src.store);
        QCOMPARE(doc.at("format").get<std::string>(), std::string("hearth.export"));
        QCOMPARE(doc.at("formatVersion").get<int>(), 1);
        QCOMPARE(doc.at("exportedAt").get<Millis>(), kNow);
        QVERIFY(doc.at("schemaVersion").get<int>() >= 1);
        QCOMPARE(doc.at("profile").at("memberId").get<std::string>(), src.book.profile().me.id);
        QCOMPARE(doc.at("profile").at("spaceId").get<std::string>(), src.book.profile().space.id);
        QCOMPARE(doc.at("data").at("member").size(), std::size_t(2));
        QCOMPARE(doc.at("data").at("ritual").size(), src.book.rituals(true).size());
        const json &ritual = doc.at("data").at("ritual").at(0);
        QVERIFY(ritual.contains("id") && ritual.contains("scope") && ritual.contains("title"));
        QVERIFY(ritual.at("steps").is_array());
        QVERIFY(!doc.at("changes").empty());
        for (const json &c : doc.at("changes"))
            QVERIFY(c.contains("stamp") && c.contains("entity") && c.contains("fields"));
    }

    void roundTripOfTheDemoProfileIsExact()
    {
        Fixture src(1), dst(2);
        fillDemo(src.book, m_content, kNow, 90, 4, &src.clock);
        roundTrip(src.store, dst.store);

        QCOMPARE(dst.store.stateHash(), src.store.stateHash());
        QVERIFY(dst.book.hasProfile());
        QCOMPARE(dst.book.profile().me.id, src.book.profile().me.id);
        QCOMPARE(dst.book.profile().partner.timeZone, std::string("America/Toronto"));
        QCOMPARE(ritualsJson(dst.book).dump(), ritualsJson(src.book).dump());
        const json history = historyJson(src.book, kNow - 91 * kDay, kNow + 14 * kDay);
        QVERIFY(history.size() > 300);
        QCOMPARE(historyJson(dst.book, kNow - 91 * kDay, kNow + 14 * kDay).dump(), history.dump());
        // What was imported is in the outbox, so pairing the restored profile shares it: a
        // replica that merges only that log gets the same state.
        std::vector<Change> log;
        for (auto &[seq, c] : dst.store.changeLog(0, 1'000'000))
            log.push_back(c);
        QVERIFY(!log.empty());
        Fixture replica(3);
        replica.store.merge(log);
        QCOMPARE(replica.store.stateHash(), src.store.stateHash());
        // The importing device stays itself: its own device id, and edits go on from there.
        QVERIFY(dst.store.deviceId() != src.store.deviceId());
        const Ritual r = dst.book.rituals().front();
        dst.book.setStatus(r.id, RitualStatus::Archived);
        QVERIFY(dst.book.ritual(r.id)->status == RitualStatus::Archived);
    }

    void deletedRowsUnknownFieldsAndBoundedClocksSurvive()
    {
        Fixture src(1), dst(2);
        src.book.createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        const Ritual kept = src.book.createRitual(RitualBook::draftFromTemplate(
            *m_content.ritual("weekly-check-in"), "2024-05-01", "Europe/Lisbon"));
        const Ritual gone = src.book.createRitual(RitualBook::draftFromTemplate(
            *m_content.ritual("date-night"), "2024-05-01", "Europe/Lisbon"));
        src.store.apply(Mutation{Mutation::Kind::Remove, "ritual", gone.id, "", {}});

        // What a newer version wrote: a field this version does not know, a whole entity it
        // does not know (one row of it deleted), and a change from a device whose clock ran a day
        // ahead, whose merge key is bounded ("effective|original").
        const std::vector<Change> newer = {
            remote("ritual", kept.id, {{"mood", "calm"}, {"colourHint", json::array({1, 2})}},
                   kNow + 1000),
            remote("voice_note", "s1", {{"_cl", 1}, {"text", "I need a hug"}, {"sentAt", kNow}}, kNow + 2000),
            remote("voice_note", "s2", {{"_cl", 2}, {"text", "withdrawn"}}, kNow + 3000),
            remote("ritual", kept.id, {{"title", "Wednesday check-in"}}, kNow + kDay, kNow + 4000,
                   "eeeeeeeeeeeeeeee"),
        };
        src.store.merge(newer);
        const json doc = exportProfile(src.store);
        const std::string bounded = newer.back().mergeKey();
        QVERIFY(bounded.find('|') != std::string::npos);
        QVERIFY(doc.dump().find(gone.id) != std::string::npos);

        roundTrip(src.store, dst.store);
        QCOMPARE(dst.store.stateHash(), src.store.stateHash());
        const auto row = dst.store.row("ritual", kept.id);
        QVERIFY(row.has_value());
        QCOMPARE(row->at("mood").get<std::string>(), std::string("calm"));
        QCOMPARE(row->at("title").get<std::string>(), std::string("Wednesday check-in"));
        QVERIFY(!dst.store.row("ritual", gone.id).has_value());
        QCOMPARE(dst.store.db().queryInt("SELECT cl FROM ritual WHERE id = '" + gone.id + "'").value_or(0),
                 std::int64_t(2));
        QCOMPARE(dst.store.db().queryInt("SELECT count(*) FROM foreign_row").value_or(0), std::int64_t(2));
        // The readable part lists live rows only, unknown entities included.
        QCOMPARE(doc.at("data").at("ritual").size(), std::size_t(1));
        QCOMPARE(doc.at("data").at("voice_note").size(), std::size_t(1));
        QCOMPARE(doc.at("data").at("ritual").at(0).at("mood").get<std::string>(), std::string("calm"));

        // The bounded clock came back as it was: a write stamped within the drift bound of its
        // effective time still loses to it, one stamped after it wins, on both stores alike.
        const Change loser = remote("ritual", kept.id, {{"title", "Too late"}}, kNow + 4000 + 60'000);
        const Change winner =
            remote("ritual", kept.id, {{"title", "Later still"}}, kNow + 4000 + kMaxClockDrift + 1);
        for (Store *s : {&src.store, &dst.store})
            s->merge(std::vector{loser});
        QCOMPARE(dst.store.row("ritual", kept.id)->at("title").get<std::string>(),
                 std::string("Wednesday check-in"));
        for (Store *s : {&src.store, &dst.store})
            s->merge(std::vector{winner});
        QCOMPARE(dst.store.row("ritual", kept.id)->at("title").get<std::string>(),
                 std::string("Later still"));
        QCOMPARE(dst.store.stateHash(), src.store.stateHash());
    }

    void emptyProfileRoundTrips()
    {
        Fixture src(1), dst(2);
        const json doc = exportProfile(src.store);
        QVERIFY(doc.at("profile").at("memberId").is_null());
        importProfile(dst.store, doc);
        QCOMPARE(dst.store.stateHash(), src.store.stateHash());
        QVERIFY(!dst.book.hasProfile());
    }

    void refusesANonEmptyProfile()
    {
        Fixture src(1), withProfile(2), withRow(3);
        fillDemo(src.book, m_content, kNow, 5, 1, &src.clock);
        const json doc = exportProfile(src.store);

        withProfile.book.createProfile({"Ana", "Asia/Tokyo", "Ben", "Asia/Tokyo"});
        const std::string before = withProfile.store.stateHash();
        QVERIFY_THROWS_EXCEPTION(ValidationError, importProfile(withProfile.store, doc));
        QCOMPARE(withProfile.store.stateHash(), before);
        QCOMPARE(*withProfile.store.meta("member_id"), withProfile.book.profile().me.id);

        // Rows without a profile (say, merged from a partner before setup) count too.
        withRow.store.merge(std::vector{remote("voice_note", "s1", {{"_cl", 1}}, kNow)});
        QVERIFY_THROWS_EXCEPTION(ValidationError, importProfile(withRow.store, doc));
        QCOMPARE(withRow.store.db().queryInt("SELECT count(*) FROM ritual").value_or(-1), std::int64_t(0));
    }

    void refusesWhatIsNotAnExportOfThisVersion_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("message");
        QTest::newRow("other format") << R"({"format":"other"})" << "not a Hearth export";
        QTest::newRow("no format") << R"({"format":null})" << "not a Hearth export";
        QTest::newRow("newer version") << R"({"formatVersion":2})" << "format version 2";
        QTest::newRow("version as text") << R"({"formatVersion":"1"})" << "formatVersion";
        QTest::newRow("no changes") << R"({"changes":null})" << "changes";
        QTest::newRow("changes not a list") << R"({"changes":{}})" << "changes";
        QTest::newRow("malformed change") << R"({"changes":[{"entity":"ritual"}]})" << "Change 1";
        QTest::newRow("bad scope") << R"({"changes":[{"stamp":"x","entity":"ritual","id":"r","scope":"all","fields":{}}]})"
                                   << "Change 1";
        QTest::newRow("wrong field type")
            << R"({"changes":[{"stamp":"001717236000000.000000.aaaaaaaaaaaaaaaa","entity":"ritual","id":"r","scope":"couple","fields":{"title":5}}],"profile":{"memberId":null}})"
            << "wrong type";
        QTest::newRow("owner missing") << R"({"profile":{"spaceId":"s","memberId":"nobody"}})"
                                       << "nobody";
        QTest::newRow("owner not text") << R"({"profile":{"spaceId":"s","memberId":7}})"
                                        << "memberId";
    }

    void refusesWhatIsNotAnExportOfThisVersion()
    {
        QFETCH(QString, change);
        QFETCH(QString, message);
        Fixture src(1), dst(2);
        fillDemo(src.book, m_content, kNow, 3, 1, &src.clock);
        json doc = exportProfile(src.store);
        doc.merge_patch(json::parse(change.toStdString()));
        if (doc.contains("changes") && doc.at("changes").is_null())
            doc.erase("changes");

        const std::string emptyHash = dst.store.stateHash();
        try {
            importProfile(dst.store, doc);
            QFAIL("the import should have been refused");
        } catch (const ProtocolError &e) {
            QVERIFY2(std::string(e.what()).find(message.toStdString()) != std::string::npos, e.what());
        }
        QCOMPARE(dst.store.stateHash(), emptyHash);
        QVERIFY(!dst.book.hasProfile());
        QVERIFY(!dst.store.meta("space_id"));
    }

    void stampsThatAreNotStampsAreRefused()
    {
        Fixture dst(2);
        json doc = exportProfile(dst.store);
        doc["changes"] = json::array({{{"stamp", "yesterday"}, {"entity", "ritual"}, {"id", "r"},
                                       {"scope", "couple"}, {"fields", json::object()}}});
        QVERIFY_THROWS_EXCEPTION(ProtocolError, importProfile(dst.store, doc));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, importProfile(dst.store, json::array()));
    }

    void icsHasTheAgendasOccurrences()
    {
        Fixture f(1);
        fillDemo(f.book, m_content, kNow, 90, 6, &f.clock);
        const std::string ics = ritualsToIcs(f.book, {}, kNow);
        for (const char *part : {"BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "TZID:Europe/Lisbon",
                                 "BEGIN:VEVENT", "RRULE:", "EXDATE;TZID=Europe/Lisbon",
                                 "RECURRENCE-ID;TZID=Europe/Lisbon", "BEGIN:VALARM"})
            QVERIFY2(ics.find(part) != std::string::npos, part);

        const Millis from = kNow - 30 * kDay;
        const Millis to = kNow + 30 * kDay;
        std::vector<Millis> expected;
        int skipped = 0, moved = 0;
        for (const AgendaItem &item : f.book.agenda(from, to)) {
            skipped += item.status == "skipped" ? 1 : 0;
            moved += item.moved ? 1 : 0;
            if (item.status != "skipped")
                expected.push_back(item.startUtc);
        }
        QVERIFY2(skipped >= 2 && moved >= 2, "the window should hold skipped and moved occurrences");
        std::vector<Millis> actual;
        for (const auto &o : occurrencesFromIcs(ics, from, to))
            actual.push_back(o.startUtc);
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
        QCOMPARE(actual.size(), expected.size());
        QVERIFY(actual == expected);
    }

    void icsOfChosenRituals()
    {
        Fixture f(1);
        fillDemo(f.book, m_content, kNow, 20, 6, &f.clock);
        const auto all = f.book.rituals(true);
        const auto paused = std::find_if(all.begin(), all.end(), [](const Ritual &r) {
            return r.status == RitualStatus::Paused;
        });
        QVERIFY(paused != all.end());
        QVERIFY(ritualsToIcs(f.book, {}, kNow).find(paused->id + "@hearth") == std::string::npos);

        const std::string one = ritualsToIcs(f.book, {paused->id}, kNow);
        QVERIFY(one.find("UID:" + paused->id + "@hearth") != std::string::npos);
        std::size_t events = 0;
        for (auto at = one.find("BEGIN:VEVENT"); at != std::string::npos; at = one.find("BEGIN:VEVENT", at + 1))
            ++events;
        QCOMPARE(events, std::size_t(1));
        QVERIFY_THROWS_EXCEPTION(ValidationError, (void)ritualsToIcs(f.book, {"no-such-ritual"}, kNow));
    }

    void icsIgnoresRecordsTheScheduleNoLongerHas()
    {
        Fixture f(1);
        f.book.createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        RitualDraft d = RitualBook::draftFromTemplate(*m_content.ritual("weekly-check-in"),
                                                      "2024-05-01", "Europe/Lisbon");
        const Ritual r = f.book.createRitual(d);
        f.book.skip(r.id, "2024-05-08T20:00", "away");
        d.schedule.rrule = "FREQ=WEEKLY;BYDAY=TH";
        d.schedule.startLocal = "2024-05-02T20:00";
        f.book.updateRitual(r.id, d);
        const std::string ics = ritualsToIcs(f.book, {}, kNow);
        QVERIFY(ics.find("EXDATE") == std::string::npos);
        QVERIFY(!occurrencesFromIcs(ics, kNow - 40 * kDay, kNow).empty());
    }
};

QTEST_GUILESS_MAIN(TestExporter)
#include "tst_exporter.moc"
