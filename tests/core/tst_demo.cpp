// The demo and benchmark fills: deterministic, believable, and the size benchmarks expect.
#include "contentlibrary.h"
#include "demo.h"
#include "errors.h"
#include "ritualbook.h"
#include "store.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using namespace hearth;

namespace {

constexpr Millis kDay = 24 * 3600'000LL;
/// Saturday 2024-06-01, 10:00 UTC (11:00 in Lisbon, 06:00 in Toronto).
constexpr Millis kNow = 1'717'236'000'000;

/// A profile with an injected clock and random source, as the fills expect.
struct Fixture {
    explicit Fixture(std::uint64_t randomSeed, const std::string &file = ":memory:")
        : random(randomSeed), store(file, clock, random), book(store) {}
    ManualClock clock{kNow};
    SeededRandom random;
    Store store;
    RitualBook book;
};

} // namespace

class TestDemo : public QObject {
    Q_OBJECT

private:
    ContentLibrary m_content = ContentLibrary::loadDefault();

    /// Every occurrence of every ritual (paused ones too) in the last `days` days.
    std::vector<AgendaItem> pastItems(RitualBook &book, int days)
    {
        std::vector<AgendaItem> all;
        for (const Ritual &r : book.rituals(true)) {
            auto items = book.history(r.id, kNow - days * kDay, kNow);
            all.insert(all.end(), items.begin(), items.end());
        }
        return all;
    }

private slots:
    void sameSeedGivesTheSameProfile()
    {
        Fixture a(7), b(7), c(7);
        fillDemo(a.book, m_content, kNow, 90, 11, &a.clock);
        fillDemo(b.book, m_content, kNow, 90, 11, &b.clock);
        fillDemo(c.book, m_content, kNow, 90, 12, &c.clock);
        QCOMPARE(a.store.stateHash(), b.store.stateHash());
        QVERIFY2(a.store.stateHash() != c.store.stateHash(), "the seed must shape the history");
        QCOMPARE(a.clock.nowMs(), kNow);
    }

    void coupleLivesInTwoZones()
    {
        Fixture p(1);
        fillDemo(p.book, m_content, kNow, 30, 1, &p.clock);
        const Profile couple = p.book.profile();
        QCOMPARE(couple.me.name, std::string("Maya"));
        QCOMPARE(couple.me.timeZone, std::string("Europe/Lisbon"));
        QCOMPARE(couple.partner.name, std::string("Jonas"));
        QCOMPARE(couple.partner.timeZone, std::string("America/Toronto"));
        QVERIFY(!couple.space.id.empty());
    }

    void ritualsComeFromTemplatesAndOneIsPaused()
    {
        Fixture p(1);
        fillDemo(p.book, m_content, kNow, 90, 1, &p.clock);
        const auto rituals = p.book.rituals(true);
        QVERIFY2(rituals.size() >= 6 && rituals.size() <= 8, std::to_string(rituals.size()).c_str());
        int paused = 0;
        for (const Ritual &r : rituals) {
            QVERIFY(m_content.ritual(r.templateId) != nullptr);
            QCOMPARE(r.schedule.timeZone, std::string("Europe/Lisbon"));
            QCOMPARE(r.schedule.startLocal.substr(0, 10), std::string("2024-03-03"));
            paused += r.status == RitualStatus::Paused ? 1 : 0;
        }
        QCOMPARE(paused, 1);
    }

    void historyLooksLikeACoupleKeepingRituals()
    {
        Fixture p(3);
        fillDemo(p.book, m_content, kNow, 90, 3, &p.clock);
        std::map<std::string, int> byStatus;
        int notes = 0, moved = 0, reasons = 0;
        for (const AgendaItem &item : pastItems(p.book, 90)) {
            ++byStatus[item.status];
            if (!item.record)
                continue;
            const Occurrence &o = *item.record;
            moved += item.moved ? 1 : 0;
            if (o.status == "done") {
                notes += o.note.empty() ? 0 : 1;
                QVERIFY2(o.rating == 0 || (o.rating >= 2 && o.rating <= 5),
                         std::to_string(o.rating).c_str());
                // Marked done after it started, at a believable time, never in the future.
                QVERIFY(o.at >= item.startUtc);
                QVERIFY(o.at <= kNow);
            }
            if (o.status == "skipped") {
                reasons += o.reason.empty() ? 0 : 1;
                QVERIFY(o.at <= kNow);
            }
        }
        const int total = byStatus["done"] + byStatus["skipped"] + byStatus["missed"];
        qInfo("90 days: %d done, %d skipped, %d missed, %d notes, %d moved", byStatus["done"],
              byStatus["skipped"], byStatus["missed"], notes, moved);
        QVERIFY(total > 150);
        QVERIFY(byStatus["done"] * 100 >= total * 65);
        QVERIFY(byStatus["skipped"] > 0);
        QVERIFY(byStatus["missed"] > 0);
        QCOMPARE(reasons, byStatus["skipped"]);
        QVERIFY(notes >= 10);
        QVERIFY(moved >= 1);
    }

    void comingDaysHaveAPlanChange()
    {
        Fixture p(5);
        fillDemo(p.book, m_content, kNow, 60, 5, &p.clock);
        int moved = 0, skipped = 0, due = 0;
        for (const AgendaItem &item : p.book.agenda(kNow, kNow + 15 * kDay)) {
            moved += item.moved ? 1 : 0;
            skipped += item.status == "skipped" ? 1 : 0;
            due += item.status == "due" ? 1 : 0;
        }
        QCOMPARE(moved, 1);
        QCOMPARE(skipped, 1);
        QVERIFY(due > 10);
    }

    void keepsAnExistingProfile()
    {
        Fixture p(9);
        p.book.createProfile({"Ana", "Asia/Tokyo", "Ben", "Asia/Tokyo"});
        fillDemo(p.book, m_content, kNow, 14, 2, &p.clock);
        QCOMPARE(p.book.profile().me.name, std::string("Ana"));
        for (const Ritual &r : p.book.rituals(true))
            QCOMPARE(r.schedule.timeZone, std::string("Asia/Tokyo"));
    }

    void worksWithoutHistoryOrManualClock()
    {
        Fixture p(4);
        fillDemo(p.book, m_content, kNow, 0, 4);
        QCOMPARE(p.book.rituals(true).size(), std::size_t(7));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 fillDemo(p.book, m_content, kNow, -1, 4, &p.clock));
    }

    void missingTemplateIsReported()
    {
        Fixture p(4);
        const ContentLibrary empty;
        QVERIFY_THROWS_EXCEPTION(ValidationError, fillDemo(p.book, empty, kNow, 10, 1, &p.clock));
    }

    void benchmarkFillHasFiveYearsOfRecords()
    {
        QTemporaryDir dir;
        Fixture p(21, dir.filePath("profile.db").toStdString());
        QElapsedTimer timer;
        timer.start();
        fillBenchmark(p.book, m_content, kNow, 5, 21, &p.clock);
        const auto elapsed = timer.elapsed();
        const auto records = p.store.db().queryInt("SELECT count(*) FROM occurrence").value_or(0);
        qInfo("fillBenchmark, 5 years: %lld occurrence records in %lld ms",
              static_cast<long long>(records), static_cast<long long>(elapsed));
        QCOMPARE(p.book.rituals(true).size(), std::size_t(8));
        QVERIFY2(records >= 9'500 && records <= 10'500, std::to_string(records).c_str());
        const auto oldest = p.store.db().queryInt("SELECT min(at) FROM occurrence").value_or(kNow);
        QVERIFY(oldest < kNow - 4 * 365 * kDay);
        QCOMPARE(p.clock.nowMs(), kNow);
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
