// iCalendar export: what calendar programs read back (through libical) must be what expand() says.
#include "errors.h"
#include "icalendar.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>

using namespace hearth;

namespace {

Millis utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0)
{
    using namespace std::chrono;
    const sys_seconds t = sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi};
    return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

const Millis kNow = utc(2025, 2, 20, 12);

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

IcsEvent ritual(std::string uid, std::string rrule, std::string start, std::string tz)
{
    IcsEvent e;
    e.uid = std::move(uid);
    e.title = "Check-in";
    e.schedule = Schedule{std::move(rrule), std::move(start), std::move(tz), 30};
    return e;
}

// What the event should look like in a calendar: expand() without the skipped occurrences and
// with the moved ones at their new time.
QStringList expected(const std::vector<IcsEvent> &events, Millis from, Millis to)
{
    std::vector<ScheduledOccurrence> all;
    for (const auto &e : events) {
        for (const auto &o : expand(e.schedule, from, to)) {
            const bool skipped = std::find(e.exdatesLocal.begin(), e.exdatesLocal.end(),
                                           o.localStart) != e.exdatesLocal.end();
            const auto moved = std::find_if(e.moved.begin(), e.moved.end(), [&](const auto &m) {
                return m.originalLocal == o.localStart;
            });
            if (skipped)
                continue;
            if (moved != e.moved.end()) {
                const Millis at = localToUtc(moved->newLocal, e.schedule.timeZone);
                if (at >= from && at < to)
                    all.push_back({moved->newLocal, at});
            } else {
                all.push_back(o);
            }
        }
    }
    std::sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
        return a.startUtc != b.startUtc ? a.startUtc < b.startUtc : a.localStart < b.localStart;
    });
    return show(all);
}

// The content lines of a file, unfolded (RFC 5545, 3.1).
QStringList unfolded(const std::string &ics)
{
    QString text = QString::fromStdString(ics);
    text.replace(QStringLiteral("\r\n "), QString());
    QStringList lines = text.split(QStringLiteral("\r\n"));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QString fieldOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const ValidationError &e) {
        return QString::fromStdString(e.field());
    }
    return QStringLiteral("<no error>");
}

} // namespace

Q_DECLARE_METATYPE(hearth::IcsEvent)

class TestIcalendar : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void severalEventsAndZones();
    void fileHasTheCalendarParts();
    void vtimezoneFromTheDatabase();
    void vtimezoneIsWhatLibicalUses();
    void escapingAndFolding();
    void movedAndStaleExceptions();
    void noAlarmWithoutReminder();
    void exportIsDeterministic();
    void invalidEventsAreRefused();
    void garbageIsRefused_data();
    void garbageIsRefused();
};

void TestIcalendar::roundTrip_data()
{
    QTest::addColumn<IcsEvent>("event");
    QTest::addColumn<Millis>("from");
    QTest::addColumn<Millis>("to");

    const Millis y2025 = utc(2025, 1, 1), y2026 = utc(2026, 1, 1);

    IcsEvent daily = ritual("daily@hearth", "FREQ=DAILY", "2025-01-02T08:00", "Europe/Berlin");
    daily.exdatesLocal = {"2025-03-30T08:00", "2025-07-14T08:00", "2025-10-26T08:00"};
    daily.reminderMinutes = 10;
    QTest::newRow("Berlin daily 08:00 with skips") << daily << y2025 << y2026;

    IcsEvent gap = ritual("gap@hearth", "FREQ=DAILY", "2025-01-01T02:30", "Europe/Berlin");
    QTest::newRow("Berlin daily 02:30 (gap and overlap)") << gap << y2025 << y2026;

    IcsEvent weekdays = ritual("weekdays@hearth", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                              "2020-06-10T07:30", "America/New_York");
    weekdays.exdatesLocal = {"2025-07-04T07:30"};
    QTest::newRow("New York weekdays since 2020") << weekdays << y2025 << y2026;

    IcsEvent nyNight = ritual("ny-night@hearth", "FREQ=DAILY", "2025-01-01T01:30", "America/New_York");
    QTest::newRow("New York daily 01:30 (overlap)") << nyNight << y2025 << y2026;

    IcsEvent fortnight = ritual("fortnight@hearth", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
                               "2025-01-08T19:30", "Europe/Berlin"); // a Wednesday
    fortnight.moved = {{"2025-04-03T19:30", "2025-04-04T20:00"}};
    QTest::newRow("Berlin every 2 weeks, unsynchronised start, moved") << fortnight << y2025 << y2026;

    QTest::newRow("Sydney last Sunday monthly")
        << ritual("sydney@hearth", "FREQ=MONTHLY;BYDAY=-1SU", "2023-01-01T10:00", "Australia/Sydney")
        << y2025 << y2026;
    QTest::newRow("Sydney daily 02:30 (gap in October, overlap in April)")
        << ritual("sydney-night@hearth", "FREQ=DAILY", "2025-01-01T02:30", "Australia/Sydney")
        << y2025 << y2026;
    QTest::newRow("Lord Howe (half-hour shift)")
        << ritual("lordhowe@hearth", "FREQ=DAILY", "2025-01-01T01:45", "Australia/Lord_Howe")
        << y2025 << y2026;
    QTest::newRow("Kolkata, no daylight saving")
        << ritual("kolkata@hearth", "FREQ=WEEKLY;BYDAY=SA", "2025-01-01T21:00", "Asia/Kolkata")
        << y2025 << y2026;
    QTest::newRow("Sao Paulo across the end of its daylight saving (2019)")
        << ritual("saopaulo@hearth", "FREQ=DAILY", "2017-06-01T00:30", "America/Sao_Paulo")
        << utc(2017, 6, 1) << utc(2020, 6, 1);
    QTest::newRow("London monthly on the 31st")
        << ritual("london@hearth", "FREQ=MONTHLY;BYMONTHDAY=31", "2025-01-01T18:00", "Europe/London")
        << y2025 << y2026;
    QTest::newRow("Berlin COUNT")
        << ritual("count@hearth", "FREQ=DAILY;COUNT=100", "2025-02-01T09:00", "Europe/Berlin")
        << y2025 << y2026;
    QTest::newRow("Berlin UNTIL as a date")
        << ritual("until-date@hearth", "FREQ=DAILY;UNTIL=20251027", "2025-10-20T08:00", "Europe/Berlin")
        << y2025 << y2026;
    QTest::newRow("New York UNTIL as a local time")
        << ritual("until-local@hearth", "FREQ=WEEKLY;BYDAY=SU;UNTIL=20251102T013000",
                 "2025-10-01T01:30", "America/New_York")
        << y2025 << y2026;
    QTest::newRow("Berlin UNTIL in UTC")
        << ritual("until-utc@hearth", "FREQ=DAILY;UNTIL=20250330T060000Z", "2025-03-25T08:00",
                 "Europe/Berlin")
        << y2025 << y2026;
    QTest::newRow("Chatham yearly")
        << ritual("chatham@hearth", "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "2020-01-01T03:15",
                 "Pacific/Chatham")
        << utc(2020, 1, 1) << utc(2030, 1, 1);
    QTest::newRow("UTC")
        << ritual("utc@hearth", "FREQ=DAILY;INTERVAL=3", "2025-01-01T12:00", "UTC") << y2025 << y2026;
}

void TestIcalendar::roundTrip()
{
    QFETCH(IcsEvent, event);
    QFETCH(Millis, from);
    QFETCH(Millis, to);
    const std::string ics = exportIcs({event}, kNow);
    const QStringList want = expected({event}, from, to);
    QVERIFY(want.size() > 3);
    QCOMPARE(show(occurrencesFromIcs(ics, from, to)), want);
}

void TestIcalendar::severalEventsAndZones()
{
    IcsEvent a = ritual("a@hearth", "FREQ=DAILY", "2024-11-01T07:00", "Europe/Berlin");
    a.exdatesLocal = {"2025-03-31T07:00"};
    const IcsEvent b = ritual("b@hearth", "FREQ=WEEKLY;BYDAY=SU", "2025-01-05T20:00", "America/New_York");
    IcsEvent c = ritual("c@hearth", "FREQ=MONTHLY;BYMONTHDAY=1", "2025-01-01T12:00", "Europe/Berlin");
    c.moved = {{"2025-11-01T12:00", "2025-11-02T12:00"}};
    const std::vector<IcsEvent> events = {a, b, c};
    const std::string ics = exportIcs(events, kNow);
    QCOMPARE(QString::fromStdString(ics).count("BEGIN:VTIMEZONE"), 2);
    QCOMPARE(QString::fromStdString(ics).count("TZID:Europe/Berlin\r\n"), 1);
    QCOMPARE(QString::fromStdString(ics).count("TZID:America/New_York\r\n"), 1);
    QCOMPARE(QString::fromStdString(ics).count("BEGIN:VEVENT"), 4);
    const Millis from = utc(2025, 1, 1), to = utc(2026, 1, 1);
    const QStringList want = expected(events, from, to);
    QCOMPARE(want.size(), 365 - 1 + 52 + 12);
    QCOMPARE(show(occurrencesFromIcs(ics, from, to)), want);
}

void TestIcalendar::fileHasTheCalendarParts()
{
    IcsEvent e = ritual("ritual-1@hearth", "FREQ=WEEKLY;BYDAY=MO,TH", "2025-03-03T08:00", "Europe/Berlin");
    e.exdatesLocal = {"2025-03-13T08:00", "2025-03-06T08:00"};
    e.moved = {{"2025-03-10T08:00", "2025-03-11T09:15"}};
    e.reminderMinutes = 10;
    e.description = "Ten minutes, phones away.";
    const std::string ics = exportIcs({e}, kNow);

    // CRLF everywhere, no bare line feed.
    QVERIFY(ics.size() > 2 && ics.substr(ics.size() - 2) == "\r\n");
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics[i] == '\n')
            QVERIFY2(i > 0 && ics[i - 1] == '\r', "bare LF");
    }
    const QStringList lines = unfolded(ics);
    QCOMPARE(lines.first(), QStringLiteral("BEGIN:VCALENDAR"));
    QCOMPARE(lines.last(), QStringLiteral("END:VCALENDAR"));
    for (const char *line :
         {"VERSION:2.0", "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:DAYLIGHT", "BEGIN:STANDARD",
          "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "TZNAME:CET",
          "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
          "UID:ritual-1@hearth", "DTSTAMP:20250220T120000Z",
          "DTSTART;TZID=Europe/Berlin:20250303T080000", "DURATION:PT30M",
          "RRULE:FREQ=WEEKLY;BYDAY=MO,TH",
          "EXDATE;TZID=Europe/Berlin:20250306T080000,20250313T080000",
          "RECURRENCE-ID;TZID=Europe/Berlin:20250310T080000",
          "DTSTART;TZID=Europe/Berlin:20250311T091500", "SUMMARY:Check-in",
          "DESCRIPTION:Ten minutes\\, phones away.", "BEGIN:VALARM", "ACTION:DISPLAY",
          "TRIGGER:-PT10M", "END:VALARM"})
        QVERIFY2(lines.contains(QString::fromUtf8(line)), line);
    QVERIFY(std::any_of(lines.begin(), lines.end(), [](const QString &l) { return l.startsWith("PRODID:"); }));
    QCOMPARE(lines.count(QStringLiteral("BEGIN:VALARM")), 2); // the moved occurrence keeps its reminder
}

void TestIcalendar::vtimezoneFromTheDatabase()
{
    // Sao Paulo stopped daylight saving in 2019: its rules must end there, not run on for ever.
    const std::string sp = exportIcs({ritual("sp@hearth", "FREQ=DAILY", "2017-06-01T09:00", "America/Sao_Paulo")}, kNow);
    const QStringList spLines = unfolded(sp);
    QVERIFY(std::any_of(spLines.begin(), spLines.end(), [](const QString &l) {
        return l.startsWith("RRULE:FREQ=YEARLY") && l.contains("UNTIL=2019");
    }));
    QVERIFY(!std::any_of(spLines.begin(), spLines.end(), [](const QString &l) {
        return l.startsWith("RRULE:FREQ=YEARLY") && !l.contains("UNTIL=");
    }));
    // After the last change Sao Paulo stays at -03:00 (what programs use beyond the rules).
    QCOMPARE(show(occurrencesFromIcs(sp, utc(2024, 1, 10), utc(2024, 1, 11))),
             QStringList{"2024-01-10T09:00 @ 2024-01-10T12:00Z"});

    // New York: the US rules since 2007, second Sunday of March and first of November.
    const std::string ny = exportIcs({ritual("ny@hearth", "FREQ=DAILY", "2025-01-01T09:00", "America/New_York")}, kNow);
    const QStringList nyLines = unfolded(ny);
    QVERIFY(nyLines.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"));
    QVERIFY(nyLines.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"));
    // Beyond the years the database lists, the open-ended rules keep daylight saving going.
    QCOMPARE(show(occurrencesFromIcs(ny, utc(2045, 7, 4), utc(2045, 7, 5))),
             QStringList{"2045-07-04T09:00 @ 2045-07-04T13:00Z"});

    // A zone without changes gets a single observance.
    const std::string tokyo = exportIcs({ritual("tk@hearth", "FREQ=DAILY", "2025-01-01T09:00", "Asia/Tokyo")}, kNow);
    const QStringList tkLines = unfolded(tokyo);
    QCOMPARE(tkLines.count("BEGIN:STANDARD"), 1);
    QVERIFY(!tkLines.contains("BEGIN:DAYLIGHT"));
    QVERIFY(tkLines.contains("TZOFFSETTO:+0900"));
}

// Changing the VTIMEZONE in the file changes the result: the file's own definition is used,
// not a copy built into libical.
void TestIcalendar::vtimezoneIsWhatLibicalUses()
{
    const std::string ics = exportIcs({ritual("x@hearth", "FREQ=DAILY", "2025-01-01T08:00", "Europe/Berlin")}, kNow);
    QString text = QString::fromStdString(ics);
    QCOMPARE(show(occurrencesFromIcs(ics, utc(2025, 7, 1), utc(2025, 7, 2))),
             QStringList{"2025-07-01T08:00 @ 2025-07-01T06:00Z"});
    QVERIFY(text.contains("TZOFFSETTO:+0200"));
    text.replace("TZOFFSETTO:+0200", "TZOFFSETTO:+0300");
    QCOMPARE(show(occurrencesFromIcs(text.toStdString(), utc(2025, 7, 1), utc(2025, 7, 2))),
             QStringList{"2025-07-01T08:00 @ 2025-07-01T05:00Z"});
}

void TestIcalendar::escapingAndFolding()
{
    IcsEvent e = ritual("esc@hearth", "FREQ=DAILY", "2025-01-01T08:00", "Europe/Berlin");
    e.title = "Check-in; talk, then \\ rest\nSecond line";
    std::string description;
    for (int i = 0; i < 12; ++i)
        description += "Gespräch über Bedürfnisse ❤, ";
    description += "\r\nend";
    e.description = description;
    e.reminderMinutes = 0;
    const std::string ics = exportIcs({e}, kNow);

    // Every physical line is at most 75 octets and still valid UTF-8 on its own.
    std::size_t start = 0;
    while (start < ics.size()) {
        const std::size_t end = ics.find("\r\n", start);
        QVERIFY(end != std::string::npos);
        const std::string line = ics.substr(start, end - start);
        QVERIFY2(line.size() <= 75, line.c_str());
        const QByteArray bytes = QByteArray::fromStdString(line);
        QCOMPARE(QString::fromUtf8(bytes).toUtf8(), bytes);
        start = end + 2;
    }
    const QStringList lines = unfolded(ics);
    QVERIFY(lines.contains(QStringLiteral("SUMMARY:Check-in\\; talk\\, then \\\\ rest\\nSecond line")));
    QString want = QStringLiteral("DESCRIPTION:");
    for (int i = 0; i < 12; ++i)
        want += QStringLiteral("Gespräch über Bedürfnisse ❤\\, ");
    want += QStringLiteral("\\nend");
    QVERIFY(lines.contains(want));
    QVERIFY(lines.contains(QStringLiteral("TRIGGER:PT0M")));
    QVERIFY(QString::fromStdString(ics).count("\r\n ") >= 4); // the description was folded
    // libical reads it without complaint.
    QCOMPARE(occurrencesFromIcs(ics, utc(2025, 1, 1), utc(2025, 1, 3)).size(), std::size_t(2));
}

void TestIcalendar::movedAndStaleExceptions()
{
    IcsEvent e = ritual("m@hearth", "FREQ=DAILY", "2025-03-01T08:00", "Europe/Berlin");
    e.moved = {{"2025-03-05T08:00", "2025-03-05T18:00"},
               {"2025-03-07T09:00", "2025-03-07T10:00"}}; // 09:00 is not an occurrence
    e.exdatesLocal = {"2025-03-06T08:00", "2025-03-08T07:00"}; // neither is 07:00
    const std::string ics = exportIcs({e}, kNow);
    const QStringList lines = unfolded(ics);
    QVERIFY(lines.contains("EXDATE;TZID=Europe/Berlin:20250306T080000"));
    QCOMPARE(lines.count("BEGIN:VEVENT"), 2);
    QCOMPARE(show(occurrencesFromIcs(ics, utc(2025, 3, 4), utc(2025, 3, 9))),
             (QStringList{"2025-03-04T08:00 @ 2025-03-04T07:00Z", "2025-03-05T18:00 @ 2025-03-05T17:00Z",
                          "2025-03-07T08:00 @ 2025-03-07T07:00Z", "2025-03-08T08:00 @ 2025-03-08T07:00Z"}));

    // Skipped wins over moved.
    e.moved = {{"2025-03-06T08:00", "2025-03-06T18:00"}};
    QCOMPARE(unfolded(exportIcs({e}, kNow)).count("BEGIN:VEVENT"), 1);
}

void TestIcalendar::noAlarmWithoutReminder()
{
    const std::string ics = exportIcs({ritual("n@hearth", "FREQ=DAILY", "2025-03-01T08:00", "Europe/Berlin")}, kNow);
    QVERIFY(!QString::fromStdString(ics).contains("VALARM"));
    QVERIFY(!QString::fromStdString(ics).contains("EXDATE"));
}

void TestIcalendar::exportIsDeterministic()
{
    IcsEvent e = ritual("d@hearth", "FREQ=WEEKLY;BYDAY=MO", "2025-03-03T08:00", "Europe/Berlin");
    e.exdatesLocal = {"2025-03-17T08:00", "2025-03-10T08:00", "2025-03-17T08:00"};
    const std::string once = exportIcs({e}, kNow);
    QCOMPARE(exportIcs({e}, kNow), once);
    QVERIFY(unfolded(once).contains("EXDATE;TZID=Europe/Berlin:20250310T080000,20250317T080000"));
    QVERIFY(exportIcs({}, kNow).find("BEGIN:VEVENT") == std::string::npos);
}

void TestIcalendar::invalidEventsAreRefused()
{
    IcsEvent e = ritual("v@hearth", "FREQ=DAILY", "2025-03-01T08:00", "Europe/Berlin");
    QCOMPARE(fieldOf([&] { (void)exportIcs({e}, kNow); }), QStringLiteral("<no error>"));
    IcsEvent noUid = e;
    noUid.uid.clear();
    QCOMPARE(fieldOf([&] { (void)exportIcs({noUid}, kNow); }), QStringLiteral("uid"));
    IcsEvent badExdate = e;
    badExdate.exdatesLocal = {"2025-03-05"};
    QCOMPARE(fieldOf([&] { (void)exportIcs({badExdate}, kNow); }), QStringLiteral("exdates"));
    IcsEvent badMove = e;
    badMove.moved = {{"2025-03-05T08:00", "soon"}};
    QCOMPARE(fieldOf([&] { (void)exportIcs({badMove}, kNow); }), QStringLiteral("moved"));
    IcsEvent badRule = e;
    badRule.schedule.rrule = "FREQ=HOURLY";
    QCOMPARE(fieldOf([&] { (void)exportIcs({badRule}, kNow); }), QStringLiteral("rrule"));
    IcsEvent badZone = e;
    badZone.schedule.timeZone = "Mars/Olympus";
    QCOMPARE(fieldOf([&] { (void)exportIcs({e, badZone}, kNow); }), QStringLiteral("timeZone"));
}

void TestIcalendar::garbageIsRefused_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("words") << "hello world";
    QTest::newRow("binary") << QString::fromLatin1("\x01\x02\x03\xff");
    QTest::newRow("unterminated") << "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n";
    QTest::newRow("not a calendar") << "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20250101T080000Z\r\nEND:VEVENT\r\n";
    QTest::newRow("bad values") << "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2025XX\r\n"
                                   "RRULE:FREQ=BOGUS\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    QTest::newRow("undefined TZID") << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
                                       "DTSTART;TZID=Europe/Berlin:20250101T080000\r\nRRULE:FREQ=DAILY\r\n"
                                       "END:VEVENT\r\nEND:VCALENDAR\r\n";
    QTest::newRow("every second since 1990")
        << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
           "DTSTART:19900101T000000Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    QTest::newRow("no DTSTART") << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
                                   "END:VEVENT\r\nEND:VCALENDAR\r\n";
}

void TestIcalendar::garbageIsRefused()
{
    QFETCH(QString, text);
    QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)occurrencesFromIcs(text.toStdString(), 0, utc(2030, 1, 1)));
}

QTEST_GUILESS_MAIN(TestIcalendar)
#include "tst_icalendar.moc"
