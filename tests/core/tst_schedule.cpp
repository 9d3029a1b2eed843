// Schedules: presets, expansion across daylight-saving changes, validation, time-zone helpers.
#include "errors.h"
#include "schedule.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <functional>

using namespace hearth;

namespace {

Millis utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0)
{
    using namespace std::chrono;
    const sys_seconds t = sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
    return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

constexpr Millis kHour = 60LL * 60 * 1000;
constexpr Millis kDay = 24 * kHour;

QString utcText(Millis ms)
{
    using namespace std::chrono;
    const sys_seconds t{seconds{ms / 1000}};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    return QString::asprintf("%04d-%02u-%02uT%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                             unsigned(ymd.day()), int(hms.hours().count()),
                             int(hms.minutes().count()));
}

QStringList show(const std::vector<ScheduledOccurrence> &list)
{
    QStringList out;
    for (const auto &o : list)
        out << QString::fromStdString(o.localStart) + " @ " + utcText(o.startUtc);
    return out;
}

QStringList locals(const std::vector<ScheduledOccurrence> &list)
{
    QStringList out;
    for (const auto &o : list)
        out << QString::fromStdString(o.localStart);
    return out;
}

Schedule make(std::string rrule, std::string start, std::string tz = "Europe/Berlin", int minutes = 15)
{
    return Schedule{std::move(rrule), std::move(start), std::move(tz), minutes};
}

QString fieldOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const ValidationError &e) {
        if (QString::fromUtf8(e.what()).isEmpty())
            return QStringLiteral("<empty message>");
        return QString::fromStdString(e.field());
    }
    return QStringLiteral("<no error>");
}

SchedulePreset preset(Repeat r, std::vector<int> days = {}, int interval = 1, int monthDay = 1,
                      int ordinal = 1, std::string custom = {})
{
    SchedulePreset p;
    p.repeat = r;
    p.weekdays = std::move(days);
    p.interval = interval;
    p.monthDay = monthDay;
    p.weekdayOrdinal = ordinal;
    p.customRrule = std::move(custom);
    return p;
}

} // namespace

Q_DECLARE_METATYPE(hearth::SchedulePreset)

class TestSchedule : public QObject {
    Q_OBJECT

private slots:
    void presetRoundTrip_data();
    void presetRoundTrip();
    void presetFromOtherSpellings();
    void presetErrors_data();
    void presetErrors();
    void berlinDailyKeepsWallTimeAcrossDst();
    void springGapMovesForward();
    void autumnOverlapTakesEarlier();
    void invalidSchedules_data();
    void invalidSchedules();
    void durationBoundsAreAccepted();
    void windowIsHalfOpen();
    void limitKeepsEarliest();
    void startedFiveYearsAgo();
    void skipAheadMatchesFullExpansion_data();
    void skipAheadMatchesFullExpansion();
    void monthlyLastWeekday();
    void untilIsInclusive_data();
    void untilIsInclusive();
    void countIsCountedFromStart();
    void twoZones();
    void timeZoneNames();
    void describeInEnglish_data();
    void describeInEnglish();
    void todayViewExpansion();
};

void TestSchedule::presetRoundTrip_data()
{
    QTest::addColumn<SchedulePreset>("preset");
    QTest::addColumn<QString>("rrule");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QStringList>("firstOccurrences");

    QTest::newRow("daily") << preset(Repeat::Daily) << "FREQ=DAILY"
                           << "2025-03-03T08:00"
                           << QStringList{"2025-03-03T08:00", "2025-03-04T08:00", "2025-03-05T08:00"};
    QTest::newRow("weekdays") << preset(Repeat::Weekdays) << "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
                              << "2025-03-07T07:30"
                              << QStringList{"2025-03-07T07:30", "2025-03-10T07:30", "2025-03-11T07:30"};
    QTest::newRow("weekly") << preset(Repeat::Weekly, {1, 4}) << "FREQ=WEEKLY;BYDAY=MO,TH"
                            << "2025-03-05T19:30" // a Wednesday: the first is Thursday
                            << QStringList{"2025-03-06T19:30", "2025-03-10T19:30", "2025-03-13T19:30"};
    QTest::newRow("weekly weekend") << preset(Repeat::Weekly, {6, 7}) << "FREQ=WEEKLY;BYDAY=SA,SU"
                                    << "2025-03-03T10:00"
                                    << QStringList{"2025-03-08T10:00", "2025-03-09T10:00", "2025-03-15T10:00"};
    QTest::newRow("every 2 weeks") << preset(Repeat::EveryNWeeks, {1, 4}, 2)
                                   << "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH" << "2025-03-03T19:30"
                                   << QStringList{"2025-03-03T19:30", "2025-03-06T19:30",
                                                  "2025-03-17T19:30", "2025-03-20T19:30"};
    QTest::newRow("every 3 weeks") << preset(Repeat::EveryNWeeks, {7}, 3)
                                   << "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU" << "2025-03-02T18:00"
                                   << QStringList{"2025-03-02T18:00", "2025-03-23T18:00", "2025-04-13T18:00"};
    QTest::newRow("monthly 15th") << preset(Repeat::MonthlyByDay, {}, 1, 15)
                                  << "FREQ=MONTHLY;BYMONTHDAY=15" << "2025-01-20T10:00"
                                  << QStringList{"2025-02-15T10:00", "2025-03-15T10:00", "2025-04-15T10:00"};
    QTest::newRow("monthly last day") << preset(Repeat::MonthlyByDay, {}, 1, -1)
                                      << "FREQ=MONTHLY;BYMONTHDAY=-1" << "2025-01-01T10:00"
                                      << QStringList{"2025-01-31T10:00", "2025-02-28T10:00",
                                                     "2025-03-31T10:00", "2025-04-30T10:00"};
    QTest::newRow("monthly 31st skips short months")
        << preset(Repeat::MonthlyByDay, {}, 1, 31) << "FREQ=MONTHLY;BYMONTHDAY=31"
        << "2025-01-01T10:00" << QStringList{"2025-01-31T10:00", "2025-03-31T10:00", "2025-05-31T10:00"};
    QTest::newRow("monthly last sunday") << preset(Repeat::MonthlyByWeekday, {7}, 1, 1, -1)
                                         << "FREQ=MONTHLY;BYDAY=-1SU" << "2025-01-01T10:00"
                                         << QStringList{"2025-01-26T10:00", "2025-02-23T10:00",
                                                        "2025-03-30T10:00"};
    QTest::newRow("monthly second tuesday") << preset(Repeat::MonthlyByWeekday, {2}, 1, 1, 2)
                                            << "FREQ=MONTHLY;BYDAY=2TU" << "2025-01-01T10:00"
                                            << QStringList{"2025-01-14T10:00", "2025-02-11T10:00",
                                                           "2025-03-11T10:00"};
    QTest::newRow("custom yearly") << preset(Repeat::Custom, {}, 1, 1, 1,
                                             "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=14")
                                   << "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=14" << "2025-01-01T09:00"
                                   << QStringList{"2025-02-14T09:00", "2026-02-14T09:00", "2027-02-14T09:00"};
    QTest::newRow("custom every 3 days") << preset(Repeat::Custom, {}, 1, 1, 1, "FREQ=DAILY;INTERVAL=3")
                                         << "FREQ=DAILY;INTERVAL=3" << "2025-03-01T09:00"
                                         << QStringList{"2025-03-01T09:00", "2025-03-04T09:00",
                                                        "2025-03-07T09:00"};
}

void TestSchedule::presetRoundTrip()
{
    QFETCH(SchedulePreset, preset);
    QFETCH(QString, rrule);
    QFETCH(QString, start);
    QFETCH(QStringList, firstOccurrences);

    const std::string rule = toRrule(preset);
    QCOMPARE(QString::fromStdString(rule), rrule);
    QVERIFY(presetFromRrule(rule) == preset);

    const Schedule s = make(rule, start.toStdString());
    validate(s);
    const Millis from = localToUtc(start.toStdString(), s.timeZone);
    const auto got = expand(s, from, from + 3 * 366 * kDay, std::size_t(firstOccurrences.size()));
    QCOMPARE(locals(got), firstOccurrences);
    for (const auto &o : got)
        QCOMPARE(utcToLocal(o.startUtc, s.timeZone), o.localStart); // none of these is in a gap
}

void TestSchedule::presetFromOtherSpellings()
{
    QVERIFY(presetFromRrule("BYDAY=TH,MO;FREQ=WEEKLY") == preset(Repeat::Weekly, {1, 4}));
    QVERIFY(presetFromRrule("FREQ=WEEKLY;BYDAY=FR,TH,WE,TU,MO") == preset(Repeat::Weekdays));
    QVERIFY(presetFromRrule("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO") == preset(Repeat::Weekly, {1}));
    QVERIFY(presetFromRrule("FREQ=WEEKLY;WKST=MO;INTERVAL=2;BYDAY=SU") ==
            preset(Repeat::EveryNWeeks, {7}, 2));
    // Weekly on Monday..Friday is the weekdays preset, and writes the same rule.
    QCOMPARE(toRrule(preset(Repeat::Weekly, {5, 4, 3, 2, 1, 1})), std::string("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));

    for (const char *other : {"FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=MO", // week start changes the weeks
                              "FREQ=DAILY;COUNT=5", "FREQ=DAILY;UNTIL=20300101T000000Z",
                              "FREQ=MONTHLY;BYDAY=5SU", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1",
                              "FREQ=MONTHLY;BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=1,15",
                              "FREQ=WEEKLY", "FREQ=DAILY;BYHOUR=8,20", "not a rule", ""}) {
        const SchedulePreset p = presetFromRrule(other);
        QVERIFY2(p.repeat == Repeat::Custom, other);
        QCOMPARE(p.customRrule, std::string(other));
    }
}

void TestSchedule::presetErrors_data()
{
    QTest::addColumn<SchedulePreset>("preset");
    QTest::newRow("weekly without days") << preset(Repeat::Weekly);
    QTest::newRow("weekday 8") << preset(Repeat::Weekly, {8});
    QTest::newRow("weekday 0") << preset(Repeat::Weekly, {0});
    QTest::newRow("every 1 week") << preset(Repeat::EveryNWeeks, {1}, 1);
    QTest::newRow("every 53 weeks") << preset(Repeat::EveryNWeeks, {1}, 53);
    QTest::newRow("every 2 weeks no days") << preset(Repeat::EveryNWeeks, {}, 2);
    QTest::newRow("month day 0") << preset(Repeat::MonthlyByDay, {}, 1, 0);
    QTest::newRow("month day 32") << preset(Repeat::MonthlyByDay, {}, 1, 32);
    QTest::newRow("monthly two weekdays") << preset(Repeat::MonthlyByWeekday, {1, 2}, 1, 1, 1);
    QTest::newRow("monthly fifth") << preset(Repeat::MonthlyByWeekday, {1}, 1, 1, 5);
    QTest::newRow("monthly no weekday") << preset(Repeat::MonthlyByWeekday, {}, 1, 1, 1);
    QTest::newRow("custom garbage") << preset(Repeat::Custom, {}, 1, 1, 1, "every tuesday");
    QTest::newRow("custom hourly") << preset(Repeat::Custom, {}, 1, 1, 1, "FREQ=HOURLY");
    QTest::newRow("custom empty") << preset(Repeat::Custom);
}

void TestSchedule::presetErrors()
{
    QFETCH(SchedulePreset, preset);
    QCOMPARE(fieldOf([&] { (void)toRrule(preset); }), QStringLiteral("repeat"));
}

void TestSchedule::berlinDailyKeepsWallTimeAcrossDst()
{
    const Schedule s = make("FREQ=DAILY", "2025-01-01T08:00");
    // Spring: Sunday 30 March 2025 at 02:00 the clocks go forward.
    auto spring = expand(s, utc(2025, 3, 27), utc(2025, 4, 2));
    QCOMPARE(locals(spring), (QStringList{"2025-03-27T08:00", "2025-03-28T08:00", "2025-03-29T08:00",
                                          "2025-03-30T08:00", "2025-03-31T08:00", "2025-04-01T08:00"}));
    QCOMPARE(spring[2].startUtc, utc(2025, 3, 29, 7));
    QCOMPARE(spring[3].startUtc, utc(2025, 3, 30, 6));
    QCOMPARE(spring[3].startUtc - spring[2].startUtc, 23 * kHour);
    QCOMPARE(spring[4].startUtc - spring[3].startUtc, 24 * kHour);
    for (const auto &o : spring)
        QCOMPARE(utcToLocal(o.startUtc, s.timeZone), o.localStart);

    // Autumn: Sunday 26 October 2025 at 03:00 they go back.
    auto autumn = expand(s, utc(2025, 10, 24), utc(2025, 10, 29));
    QCOMPARE(locals(autumn), (QStringList{"2025-10-24T08:00", "2025-10-25T08:00", "2025-10-26T08:00",
                                          "2025-10-27T08:00", "2025-10-28T08:00"}));
    QCOMPARE(autumn[1].startUtc, utc(2025, 10, 25, 6));
    QCOMPARE(autumn[2].startUtc, utc(2025, 10, 26, 7));
    QCOMPARE(autumn[2].startUtc - autumn[1].startUtc, 25 * kHour);
    for (const auto &o : autumn)
        QCOMPARE(utcToLocal(o.startUtc, s.timeZone), o.localStart);

    QCOMPARE(utcOffsetMinutes(utc(2025, 3, 29, 12), s.timeZone), 60);
    QCOMPARE(utcOffsetMinutes(utc(2025, 3, 30, 12), s.timeZone), 120);
}

void TestSchedule::springGapMovesForward()
{
    // 02:30 does not exist on 30 March 2025 in Berlin (02:00 CET jumps to 03:00 CEST).
    const Schedule s = make("FREQ=DAILY", "2025-03-28T02:30");
    const auto got = expand(s, utc(2025, 3, 28), utc(2025, 4, 1));
    QCOMPARE(show(got), (QStringList{"2025-03-28T02:30 @ 2025-03-28T01:30Z",
                                     "2025-03-29T02:30 @ 2025-03-29T01:30Z",
                                     "2025-03-30T02:30 @ 2025-03-30T01:30Z",
                                     "2025-03-31T02:30 @ 2025-03-31T00:30Z"}));
    // The occurrence keeps its key but happens at 03:30, an hour (the gap) later on the clock.
    QCOMPARE(utcToLocal(got[2].startUtc, s.timeZone), std::string("2025-03-30T03:30"));
    QCOMPARE(localToUtc("2025-03-30T02:30", s.timeZone), utc(2025, 3, 30, 1, 30));
    QCOMPARE(localToUtc("2025-03-30T02:00", s.timeZone), utc(2025, 3, 30, 1, 0));
    QCOMPARE(localToUtc("2025-03-30T03:00", s.timeZone), utc(2025, 3, 30, 1, 0));
    // New York's gap (02:00 -> 03:00 on 9 March 2025) behaves the same way.
    QCOMPARE(localToUtc("2025-03-09T02:15", "America/New_York"), utc(2025, 3, 9, 7, 15));
    QCOMPARE(utcToLocal(utc(2025, 3, 9, 7, 15), "America/New_York"), std::string("2025-03-09T03:15"));

    // Moved forward, 02:45 comes after 03:15: results are in the order they happen, and the
    // limit keeps the earliest instants.
    const Schedule twice = make("FREQ=DAILY;BYHOUR=2,3;BYMINUTE=15,45", "2025-03-29T02:15");
    QCOMPARE(show(expand(twice, utc(2025, 3, 30), utc(2025, 3, 31))),
             (QStringList{"2025-03-30T02:15 @ 2025-03-30T01:15Z", "2025-03-30T03:15 @ 2025-03-30T01:15Z",
                          "2025-03-30T02:45 @ 2025-03-30T01:45Z", "2025-03-30T03:45 @ 2025-03-30T01:45Z"}));
    QCOMPARE(show(expand(twice, utc(2025, 3, 30, 1, 30), utc(2025, 3, 30, 2))),
             (QStringList{"2025-03-30T02:45 @ 2025-03-30T01:45Z", "2025-03-30T03:45 @ 2025-03-30T01:45Z"}));
    QCOMPARE(show(expand(twice, utc(2025, 3, 30, 1), utc(2025, 3, 31), 3)),
             (QStringList{"2025-03-30T02:15 @ 2025-03-30T01:15Z", "2025-03-30T03:15 @ 2025-03-30T01:15Z",
                          "2025-03-30T02:45 @ 2025-03-30T01:45Z"}));
}

void TestSchedule::autumnOverlapTakesEarlier()
{
    // 02:30 happens twice on 26 October 2025 in Berlin: first at +02:00, then at +01:00.
    const Schedule s = make("FREQ=DAILY", "2025-10-24T02:30");
    const auto got = expand(s, utc(2025, 10, 25), utc(2025, 10, 28));
    QCOMPARE(show(got), (QStringList{"2025-10-25T02:30 @ 2025-10-25T00:30Z",
                                     "2025-10-26T02:30 @ 2025-10-26T00:30Z",
                                     "2025-10-27T02:30 @ 2025-10-27T01:30Z"}));
    QCOMPARE(localToUtc("2025-10-26T02:30", s.timeZone), utc(2025, 10, 26, 0, 30));
    QCOMPARE(utcToLocal(utc(2025, 10, 26, 0, 30), s.timeZone), std::string("2025-10-26T02:30"));
    QCOMPARE(utcToLocal(utc(2025, 10, 26, 1, 30), s.timeZone), std::string("2025-10-26T02:30"));
    // A window that starts between the two readings of 02:30 no longer contains it.
    QVERIFY(expand(s, utc(2025, 10, 26, 1), utc(2025, 10, 26, 2)).empty());
}

void TestSchedule::invalidSchedules_data()
{
    QTest::addColumn<QString>("rrule");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("timeZone");
    QTest::addColumn<int>("duration");
    QTest::addColumn<QString>("field");

    const QString ok = "FREQ=DAILY", start = "2025-03-01T08:00", tz = "Europe/Berlin";
    QTest::newRow("unknown FREQ") << "FREQ=FOO" << start << tz << 15 << "rrule";
    QTest::newRow("not a rule") << "every tuesday" << start << tz << 15 << "rrule";
    QTest::newRow("with RRULE: prefix") << "RRULE:FREQ=DAILY" << start << tz << 15 << "rrule";
    QTest::newRow("empty rule") << "" << start << tz << 15 << "rrule";
    QTest::newRow("bad BYDAY") << "FREQ=WEEKLY;BYDAY=XX" << start << tz << 15 << "rrule";
    QTest::newRow("COUNT and UNTIL") << "FREQ=DAILY;COUNT=3;UNTIL=20250401T000000Z" << start << tz << 15 << "rrule";
    QTest::newRow("hourly") << "FREQ=HOURLY" << start << tz << 15 << "rrule";
    QTest::newRow("minutely") << "FREQ=MINUTELY" << start << tz << 15 << "rrule";
    QTest::newRow("secondly") << "FREQ=SECONDLY" << start << tz << 15 << "rrule";
    QTest::newRow("seconds") << "FREQ=DAILY;BYSECOND=30" << start << tz << 15 << "rrule";
    QTest::newRow("line break") << "FREQ=DAILY\r\nX-INJECTED:1" << start << tz << 15 << "rrule";
    QTest::newRow("never: 30 February") << "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" << start << tz << 15 << "rrule";
    QTest::newRow("UNTIL in year 9999") << "FREQ=DAILY;UNTIL=99991231" << start << tz << 15 << "rrule";
    QTest::newRow("never: ends before start") << "FREQ=DAILY;UNTIL=20200101T000000Z" << start << tz << 15 << "rrule";
    QTest::newRow("unknown zone") << ok << start << "Mars/Olympus" << 15 << "timeZone";
    QTest::newRow("empty zone") << ok << start << "" << 15 << "timeZone";
    QTest::newRow("machine zone") << ok << start << "localtime" << 15 << "timeZone";
    QTest::newRow("30 February") << ok << "2025-02-30T08:00" << tz << 15 << "start";
    QTest::newRow("space") << ok << "2025-03-01 08:00" << tz << 15 << "start";
    QTest::newRow("24:00") << ok << "2025-03-01T24:00" << tz << 15 << "start";
    QTest::newRow("seconds in start") << ok << "2025-03-01T08:00:00" << tz << 15 << "start";
    QTest::newRow("words") << ok << "tomorrow" << tz << 15 << "start";
    QTest::newRow("empty start") << ok << "" << tz << 15 << "start";
    QTest::newRow("duration 0") << ok << start << tz << 0 << "duration";
    QTest::newRow("duration 2000") << ok << start << tz << 2000 << "duration";
    QTest::newRow("duration negative") << ok << start << tz << -5 << "duration";
}

void TestSchedule::invalidSchedules()
{
    QFETCH(QString, rrule);
    QFETCH(QString, start);
    QFETCH(QString, timeZone);
    QFETCH(int, duration);
    QFETCH(QString, field);
    const Schedule s = make(rrule.toStdString(), start.toStdString(), timeZone.toStdString(), duration);
    QCOMPARE(fieldOf([&] { validate(s); }), field);
    // Expansion reads the same fields; a rule that never happens just expands to nothing, and the
    // duration plays no part.
    const bool expands = field == "duration" || QByteArray(QTest::currentDataTag()).startsWith("never");
    QCOMPARE(fieldOf([&] { (void)expand(s, utc(2025, 1, 1), utc(2026, 1, 1)); }),
             expands ? QStringLiteral("<no error>") : field);
}

void TestSchedule::durationBoundsAreAccepted()
{
    validate(make("FREQ=DAILY", "2025-03-01T08:00", "Europe/Berlin", 1));
    validate(make("FREQ=DAILY", "2025-03-01T08:00", "Europe/Berlin", 1440));
    try {
        validate(make("FREQ=HOURLY", "2025-03-01T08:00"));
        QFAIL("hourly accepted");
    } catch (const ValidationError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith("This repeat rule is not valid"), e.what());
    }
}

void TestSchedule::windowIsHalfOpen()
{
    const Schedule s = make("FREQ=DAILY", "2025-01-01T08:00", "UTC");
    QCOMPARE(locals(expand(s, utc(2025, 1, 5, 8), utc(2025, 1, 8, 8))),
             (QStringList{"2025-01-05T08:00", "2025-01-06T08:00", "2025-01-07T08:00"}));
    QCOMPARE(locals(expand(s, utc(2025, 1, 5, 8) + 1, utc(2025, 1, 8, 8) + 1)),
             (QStringList{"2025-01-06T08:00", "2025-01-07T08:00", "2025-01-08T08:00"}));
    QVERIFY(expand(s, utc(2025, 1, 5, 8), utc(2025, 1, 5, 8)).empty());
    QVERIFY(expand(s, utc(2025, 1, 6), utc(2025, 1, 5)).empty());
    // Nothing before the start.
    QCOMPARE(locals(expand(s, utc(2024, 12, 1), utc(2025, 1, 3))),
             (QStringList{"2025-01-01T08:00", "2025-01-02T08:00"}));
    QVERIFY(expand(s, utc(2024, 12, 1), utc(2025, 1, 1, 8)).empty());
}

void TestSchedule::limitKeepsEarliest()
{
    const Schedule s = make("FREQ=DAILY", "2025-01-01T08:00");
    QCOMPARE(locals(expand(s, utc(2025, 1, 1), utc(2026, 1, 1), 2)),
             (QStringList{"2025-01-01T08:00", "2025-01-02T08:00"}));
    QVERIFY(expand(s, utc(2025, 1, 1), utc(2026, 1, 1), 0).empty());
    QCOMPARE(expand(s, utc(2025, 1, 1), utc(2026, 1, 1)).size(), std::size_t(365));
    QCOMPARE(expand(s, utc(2025, 1, 1), utc(2045, 1, 1)).size(), std::size_t(5000));
}

void TestSchedule::startedFiveYearsAgo()
{
    const Schedule s = make("FREQ=DAILY", "2020-06-10T07:15");
    const Millis from = utc(2025, 6, 9, 22); // midnight in Berlin (summer time)
    const auto got = expand(s, from, from + 8 * kDay);
    QCOMPARE(show(got), (QStringList{"2025-06-10T07:15 @ 2025-06-10T05:15Z", "2025-06-11T07:15 @ 2025-06-11T05:15Z",
                                     "2025-06-12T07:15 @ 2025-06-12T05:15Z", "2025-06-13T07:15 @ 2025-06-13T05:15Z",
                                     "2025-06-14T07:15 @ 2025-06-14T05:15Z", "2025-06-15T07:15 @ 2025-06-15T05:15Z",
                                     "2025-06-16T07:15 @ 2025-06-16T05:15Z", "2025-06-17T07:15 @ 2025-06-17T05:15Z"}));

    const Schedule biweekly = make("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2020-06-01T19:30");
    // 2020-06-01 is a Monday; the week of 2025-06-09 is 262 weeks later (on), the next one off.
    QCOMPARE(locals(expand(biweekly, from, from + 15 * kDay)),
             (QStringList{"2025-06-12T19:30", "2025-06-23T19:30"}));
}

void TestSchedule::skipAheadMatchesFullExpansion_data()
{
    QTest::addColumn<QString>("rrule");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("timeZone");

    const QStringList rules = {
        "FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU",
        "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,TU", "FREQ=WEEKLY", "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY;BYDAY=-1SU",
        "FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=3", "FREQ=MONTHLY",
        "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=YEARLY", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=DAILY;BYHOUR=8,20",
        "FREQ=DAILY;UNTIL=20250610T000000Z", "FREQ=DAILY;COUNT=2000",
        "FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA;BYSETPOS=-1",
        "FREQ=DAILY;INTERVAL=2;BYDAY=MO,WE", "FREQ=WEEKLY;INTERVAL=2;BYMONTH=6,7;BYDAY=TU",
        "FREQ=DAILY;BYMONTHDAY=1,15", "FREQ=DAILY;INTERVAL=10;BYHOUR=9,21;BYMINUTE=5"};
    const QStringList starts = {"2020-01-31T08:00", "2020-02-29T02:30", "2019-12-31T23:45"};
    const QStringList zones = {"Europe/Berlin", "America/New_York", "Australia/Sydney"};
    for (const auto &rule : rules) {
        for (const auto &start : starts) {
            for (const auto &zone : zones)
                QTest::addRow("%s from %s in %s", qPrintable(rule), qPrintable(start), qPrintable(zone))
                    << rule << start << zone;
        }
    }
}

// expand() starts libical's iterator near the window; from before the start it iterates every
// occurrence. Both must agree.
void TestSchedule::skipAheadMatchesFullExpansion()
{
    QFETCH(QString, rrule);
    QFETCH(QString, start);
    QFETCH(QString, timeZone);
    const Schedule s = make(rrule.toStdString(), start.toStdString(), timeZone.toStdString());
    const auto all = expand(s, utc(2019, 1, 1), utc(2027, 1, 1), 100000);
    for (Millis from : {utc(2025, 3, 1), utc(2025, 3, 29, 23), utc(2025, 6, 9, 22), utc(2025, 10, 25, 13)}) {
        for (Millis length : {kDay, 8 * kDay, 400 * kDay}) {
            std::vector<ScheduledOccurrence> expected;
            std::copy_if(all.begin(), all.end(), std::back_inserter(expected), [&](const auto &o) {
                return o.startUtc >= from && o.startUtc < from + length;
            });
            QCOMPARE(show(expand(s, from, from + length)), show(expected));
        }
    }
}

void TestSchedule::monthlyLastWeekday()
{
    const Schedule s = make(toRrule(preset(Repeat::MonthlyByWeekday, {7}, 1, 1, -1)), "2025-01-01T10:00");
    const auto got = expand(s, utc(2025, 1, 1), utc(2026, 1, 1));
    QCOMPARE(locals(got), (QStringList{"2025-01-26T10:00", "2025-02-23T10:00", "2025-03-30T10:00",
                                       "2025-04-27T10:00", "2025-05-25T10:00", "2025-06-29T10:00",
                                       "2025-07-27T10:00", "2025-08-31T10:00", "2025-09-28T10:00",
                                       "2025-10-26T10:00", "2025-11-30T10:00", "2025-12-28T10:00"}));
    // Both daylight-saving changes fall on a last Sunday; the ritual stays at 10:00.
    QCOMPARE(got[2].startUtc, utc(2025, 3, 30, 8));
    QCOMPARE(got[9].startUtc, utc(2025, 10, 26, 9));
    // Last Friday, with the last Friday of February in a leap year.
    const Schedule friday = make("FREQ=MONTHLY;BYDAY=-1FR", "2028-01-01T18:00");
    QCOMPARE(locals(expand(friday, utc(2028, 1, 1), utc(2028, 4, 1))),
             (QStringList{"2028-01-28T18:00", "2028-02-25T18:00", "2028-03-31T18:00"}));
}

void TestSchedule::untilIsInclusive_data()
{
    QTest::addColumn<QString>("rrule");
    QTest::addColumn<int>("count");
    // Daily at 08:00 Berlin (07:00Z) from 1 March 2025.
    QTest::newRow("date") << "FREQ=DAILY;UNTIL=20250305" << 5;
    QTest::newRow("utc instant of the last") << "FREQ=DAILY;UNTIL=20250305T070000Z" << 5;
    QTest::newRow("utc a second earlier") << "FREQ=DAILY;UNTIL=20250305T065959Z" << 4;
    QTest::newRow("local wall time") << "FREQ=DAILY;UNTIL=20250305T080000" << 5;
    QTest::newRow("local a minute earlier") << "FREQ=DAILY;UNTIL=20250305T075900" << 4;
}

void TestSchedule::untilIsInclusive()
{
    QFETCH(QString, rrule);
    QFETCH(int, count);
    const Schedule s = make(rrule.toStdString(), "2025-03-01T08:00");
    validate(s);
    const auto got = expand(s, utc(2025, 1, 1), utc(2026, 1, 1));
    QCOMPARE(int(got.size()), count);
    QCOMPARE(got.front().localStart, std::string("2025-03-01T08:00"));
    // After UNTIL, a window today is empty, also when skipping ahead.
    QVERIFY(expand(s, utc(2025, 6, 1), utc(2025, 6, 9)).empty());
}

void TestSchedule::countIsCountedFromStart()
{
    const Schedule s = make("FREQ=DAILY;COUNT=3", "2020-06-10T07:15");
    QCOMPARE(locals(expand(s, utc(2020, 1, 1), utc(2030, 1, 1))),
             (QStringList{"2020-06-10T07:15", "2020-06-11T07:15", "2020-06-12T07:15"}));
    QVERIFY(expand(s, utc(2025, 6, 1), utc(2025, 6, 9)).empty());
    const Schedule weekly = make("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=300", "2020-06-10T07:15");
    QCOMPARE(locals(expand(weekly, utc(2021, 6, 9, 22), utc(2021, 6, 18))),
             (QStringList{"2021-06-10T07:15", "2021-06-14T07:15", "2021-06-17T07:15"}));
}

void TestSchedule::twoZones()
{
    // Between 9 and 30 March 2025 New York is already on summer time and Berlin not yet.
    const Millis nine = localToUtc("2025-03-20T09:00", "America/New_York");
    QCOMPARE(nine, utc(2025, 3, 20, 13));
    QCOMPARE(utcToLocal(nine, "Europe/Berlin"), std::string("2025-03-20T14:00"));
    QCOMPARE(utcOffsetMinutes(nine, "America/New_York"), -240);
    QCOMPARE(utcOffsetMinutes(nine, "Europe/Berlin"), 60);
    const Millis later = localToUtc("2025-04-03T09:00", "America/New_York");
    QCOMPARE(utcToLocal(later, "Europe/Berlin"), std::string("2025-04-03T15:00"));
    QCOMPARE(utcOffsetMinutes(utc(2025, 1, 15), "America/New_York"), -300);
    QCOMPARE(utcOffsetMinutes(utc(2025, 1, 15), "Asia/Kolkata"), 330);
    QCOMPARE(utcOffsetMinutes(utc(2025, 1, 15), "Australia/Sydney"), 660);

    // A New York ritual at 09:00 stays at 09:00 there and moves by an hour for Berlin, twice.
    const Schedule ny = make("FREQ=DAILY", "2025-03-07T09:00", "America/New_York");
    const auto got = expand(ny, utc(2025, 3, 7), utc(2025, 4, 1));
    QCOMPARE(got.front().startUtc, utc(2025, 3, 7, 14));
    QCOMPARE(got[3].startUtc, utc(2025, 3, 10, 13));
    QCOMPARE(utcToLocal(got.front().startUtc, "Europe/Berlin"), std::string("2025-03-07T15:00"));
    QCOMPARE(utcToLocal(got[3].startUtc, "Europe/Berlin"), std::string("2025-03-10T14:00"));
    QCOMPARE(utcToLocal(got.back().startUtc, "Europe/Berlin"), std::string("2025-03-31T15:00"));
    for (const auto &o : got)
        QCOMPARE(o.localStart.substr(11), std::string("09:00"));

    QCOMPARE(fieldOf([] { (void)localToUtc("2025-03-20T09:00", "Nowhere/Town"); }), QStringLiteral("timeZone"));
    QCOMPARE(fieldOf([] { (void)localToUtc("2025-03-20", "Europe/Berlin"); }), QStringLiteral("time"));
    QCOMPARE(fieldOf([] { (void)utcToLocal(0, "Nowhere/Town"); }), QStringLiteral("timeZone"));
    QCOMPARE(localToUtc("2025-03-20T09:00:30", "UTC"), utc(2025, 3, 20, 9, 0, 30));
}

void TestSchedule::timeZoneNames()
{
    QVERIFY(isValidTimeZone("Europe/Berlin"));
    QVERIFY(isValidTimeZone("America/New_York"));
    QVERIFY(isValidTimeZone("UTC"));
    QVERIFY(!isValidTimeZone("Mars/Olympus"));
    QVERIFY(!isValidTimeZone(""));
    QVERIFY(!isValidTimeZone("localtime"));
    QVERIFY(!isValidTimeZone("../../etc/passwd"));
    QVERIFY(!isValidTimeZone("europe/berlin "));
}

void TestSchedule::describeInEnglish_data()
{
    QTest::addColumn<QString>("rrule");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("text");
    QTest::newRow("daily") << "FREQ=DAILY" << "2025-03-03T08:00" << "Every day at 08:00";
    QTest::newRow("weekdays") << "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" << "2025-03-03T08:00"
                              << "Every weekday at 08:00";
    QTest::newRow("weekly") << "FREQ=WEEKLY;BYDAY=TH,MO" << "2025-03-03T19:30"
                            << "Every Monday and Thursday at 19:30";
    QTest::newRow("weekly three") << "FREQ=WEEKLY;BYDAY=MO,WE,FR" << "2025-03-03T07:00"
                                  << "Every Monday, Wednesday and Friday at 07:00";
    QTest::newRow("every 2 weeks") << "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH" << "2025-03-03T19:30"
                                   << "Every 2 weeks on Monday and Thursday at 19:30";
    QTest::newRow("weekly on start day") << "FREQ=WEEKLY" << "2025-03-05T19:30" << "Every Wednesday at 19:30";
    QTest::newRow("all days") << "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU" << "2025-03-03T08:00"
                              << "Every day at 08:00";
    QTest::newRow("monthly day") << "FREQ=MONTHLY;BYMONTHDAY=15" << "2025-03-03T10:00"
                                 << "Monthly on the 15th at 10:00";
    QTest::newRow("monthly 1st") << "FREQ=MONTHLY;BYMONTHDAY=1" << "2025-03-03T10:00"
                                 << "Monthly on the 1st at 10:00";
    QTest::newRow("monthly 22nd") << "FREQ=MONTHLY;BYMONTHDAY=22" << "2025-03-03T10:00"
                                  << "Monthly on the 22nd at 10:00";
    QTest::newRow("monthly last day") << "FREQ=MONTHLY;BYMONTHDAY=-1" << "2025-03-03T10:00"
                                      << "Monthly on the last day at 10:00";
    QTest::newRow("monthly 31st") << "FREQ=MONTHLY;BYMONTHDAY=31" << "2025-03-03T10:00"
                                  << "Monthly on the 31st at 10:00 (skipped when a month has no such day)";
    QTest::newRow("monthly last sunday") << "FREQ=MONTHLY;BYDAY=-1SU" << "2025-03-03T10:00"
                                         << "Monthly on the last Sunday at 10:00";
    QTest::newRow("monthly second tuesday") << "FREQ=MONTHLY;BYDAY=2TU" << "2025-03-03T10:00"
                                            << "Monthly on the second Tuesday at 10:00";
    QTest::newRow("every 3 days") << "FREQ=DAILY;INTERVAL=3" << "2025-03-03T08:00" << "Every 3 days at 08:00";
    QTest::newRow("every 2 months") << "FREQ=MONTHLY;INTERVAL=2" << "2025-03-03T08:00"
                                    << "Every 2 months on the 3rd at 08:00";
    QTest::newRow("yearly") << "FREQ=YEARLY" << "2025-02-14T09:00" << "Every year on 14 February at 09:00";
    QTest::newRow("yearly by month") << "FREQ=YEARLY;BYMONTH=5;BYDAY=2SU" << "2025-01-01T09:00"
                                     << "Every year on the second Sunday of May at 09:00";
    QTest::newRow("count") << "FREQ=DAILY;COUNT=10" << "2025-03-03T08:00" << "Every day at 08:00, 10 times";
    QTest::newRow("until") << "FREQ=WEEKLY;BYDAY=SA;UNTIL=20250601T000000Z" << "2025-03-03T08:00"
                           << "Every Saturday at 08:00, until 1 June 2025";
    QTest::newRow("custom") << "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR" << "2025-03-03T18:00"
                            << "Repeats by a custom rule, first on 3 March 2025 at 18:00";
}

void TestSchedule::describeInEnglish()
{
    QFETCH(QString, rrule);
    QFETCH(QString, start);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(describe(make(rrule.toStdString(), start.toStdString()))), text);
}

// The Today view: eight rituals started years ago, expanded over eight days.
void TestSchedule::todayViewExpansion()
{
    const std::vector<Schedule> rituals = {
        make("FREQ=DAILY", "2020-06-10T07:15"),
        make("FREQ=DAILY", "2020-06-10T21:00"),
        make("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2020-06-10T08:00"),
        make("FREQ=WEEKLY;BYDAY=MO,TH", "2021-01-04T19:30"),
        make("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", "2020-06-14T18:00"),
        make("FREQ=MONTHLY;BYDAY=-1SU", "2020-06-10T10:00"),
        make("FREQ=MONTHLY;BYMONTHDAY=1", "2020-06-10T09:00", "America/New_York"),
        make("FREQ=DAILY", "2022-01-01T06:45", "Asia/Tokyo")};
    const Millis from = utc(2025, 6, 9, 22);
    std::vector<std::size_t> counts;
    QBENCHMARK {
        counts.clear();
        for (const auto &s : rituals)
            counts.push_back(expand(s, from, from + 8 * kDay).size());
    }
    // 10..17 June in Berlin; 15 June falls in an off week of the fortnightly ritual.
    QCOMPARE(counts, (std::vector<std::size_t>{8, 8, 6, 2, 0, 0, 0, 8}));
}

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
