#include "session.h"
#include "exportfile.h"
#include "jsonvariant.h"
#include "runaction.h"

#include "couplecare.h"
#include "desktopnotifier.h"
#include "syncstate.h"

#include "agreements.h"
#include "checkins.h"
#include "clock.h"
#include "contentlibrary.h"
#include "errors.h"
#include "exporter.h"
#include "reminders.h"
#include "repairs.h"
#include "ritualbook.h"
#include "schedule.h"
#include "signalbook.h"
#include "store.h"

#include <QDateTime>
#include <QDir>
#include <QJSEngine>
#include <QLocale>
#include <QStandardPaths>
#include <QTimeZone>

#include <algorithm>

using namespace hearth;

namespace {

Session *s_instance = nullptr;

} // namespace

Session::Session(const QString &dataDirectory, QObject *parent) : QObject(parent)
{
    m_ownClock = std::make_unique<SystemClock>();
    m_ownRandom = std::make_unique<SystemRandom>();
    m_clock = m_ownClock.get();
    m_random = m_ownRandom.get();
    open(dataDirectory);
}

Session::Session(const QString &dataDirectory, const Clock &clock, RandomSource &random,
                 QObject *parent)
    : QObject(parent), m_clock(&clock), m_random(&random)
{
    open(dataDirectory);
}

Session::~Session()
{
    // The sync thread ends before the store it listens to goes.
    delete m_sync;
    m_sync = nullptr;
    if (s_instance == this)
        s_instance = nullptr;
}

void Session::open(const QString &dataDirectory)
{
    m_dataDirectory = QDir(dataDirectory).absolutePath();
    try {
        m_content = std::make_unique<ContentLibrary>(ContentLibrary::loadDefault());
    } catch (const Error &e) {
        m_content = std::make_unique<ContentLibrary>();
        m_openError = tr("The ritual library could not be read: %1").arg(qstr(e.what()));
    }
    try {
        QDir().mkpath(m_dataDirectory);
        m_store = std::make_unique<Store>(str(m_dataDirectory + QStringLiteral("/profile.db")),
                                          *m_clock, *m_random);
        m_book = std::make_unique<RitualBook>(*m_store);
        m_reminders = std::make_unique<ReminderPlanner>(*m_book);
    } catch (const Error &e) {
        m_book.reset();
        m_store.reset();
        m_openError = qstr(e.what());
        return;
    }
    m_store->addListener([this](std::span<const Change> changes) {
        reloadProfile();
        ++m_revision;
        emit dataChanged();
        // Every write of this connection is a local edit: push it soon.
        if (m_sync)
            m_sync->worker()->localChange();
        // My check-ins changed: the trends I share with our therapist follow (after this write).
        if (std::any_of(changes.begin(), changes.end(),
                        [](const Change &c) { return c.entity.starts_with("checkin"); }))
            QTimer::singleShot(0, this, [this] { CoupleCare::publishTrends(*this); });
    });
    if (auto theme = m_store->meta("theme"))
        m_theme = qstr(*theme);
    reloadProfile();

    m_notifier = new DesktopNotifier(this);
    connect(this, &Session::reminder, m_notifier, &DesktopNotifier::notify);
    m_reminderTimer.setInterval(30'000);
    connect(&m_reminderTimer, &QTimer::timeout, this, &Session::checkReminders);
    m_reminderTimer.start();

    // A new week may have begun since the trends I share with our therapist were written.
    QTimer::singleShot(0, this, [this] { CoupleCare::publishTrends(*this); });

    m_sync = new SyncState(this, m_dataDirectory + QStringLiteral("/profile.db"), this);
    connect(m_sync->worker(), &SyncWorker::remoteChanged, this, &Session::reloadFromStore);
    m_sync->start();
}

void Session::reloadFromStore()
{
    if (!m_book)
        return;
    reloadProfile();
    ++m_revision;
    emit dataChanged();
    // A break the partner just called, or a signal they sent, should not wait for the next
    // reminder check.
    checkNotices();
}

Session *Session::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT(s_instance);
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

void Session::setInstance(Session *session)
{
    s_instance = session;
}

Session *Session::instance()
{
    return s_instance;
}

bool Session::hasProfile() const
{
    return m_book && !m_myName.isEmpty();
}

qint64 Session::nowMs() const
{
    return m_clock->nowMs();
}

QString Session::agoText(qint64 utcMs) const
{
    const qint64 minutes = (nowMs() - utcMs) / 60'000;
    if (minutes < 1)
        return tr("just now");
    if (minutes < 60)
        return tr("%1 min ago").arg(minutes);
    if (minutes < 12 * 60)
        return tr("%1 h ago").arg(minutes / 60);
    return dayLabel(utcMs, m_myTimeZone) + QStringLiteral(" ") + timeIn(utcMs, m_myTimeZone);
}

void Session::reloadProfile()
{
    if (!m_book)
        return;
    m_readOnly = m_store->meta(kReadOnlyMeta).has_value();
    if (!m_book->hasProfile())
        return;
    const Profile p = m_book->profile();
    m_myName = qstr(p.me.name);
    m_myTimeZone = qstr(p.me.timeZone);
    m_myColour = qstr(p.me.colour);
    m_partnerName = qstr(p.partner.name);
    m_partnerTimeZone = qstr(p.partner.timeZone);
    m_partnerColour = qstr(p.partner.colour);
}

void Session::setTheme(const QString &theme)
{
    if (theme == m_theme || !(theme == u"system" || theme == u"light" || theme == u"dark"))
        return;
    m_theme = theme;
    if (m_store)
        m_store->setMeta("theme", str(theme));
    emit themeChanged();
}

QStringList Session::timeZones() const
{
    static const QStringList zones = [] {
        QStringList out;
        for (const QByteArray &id : QTimeZone::availableTimeZoneIds()) {
            const QString name = QString::fromLatin1(id);
            // Region/City names only, as people know them; and only what core can resolve.
            if (name.contains(u'/') && !name.startsWith(u"Etc/") && isValidTimeZone(str(name)))
                out << name;
        }
        out << QStringLiteral("UTC");
        out.sort();
        return out;
    }();
    return zones;
}

QString Session::systemTimeZone() const
{
    // The picker lists Region/City names; anything else (Etc/UTC, UTC, a bare offset) is UTC.
    const QString id = QString::fromLatin1(QTimeZone::systemTimeZoneId());
    return timeZones().contains(id) ? id : QStringLiteral("UTC");
}

QVariantMap Session::createProfile(const QString &myName, const QString &myTimeZone,
                                   const QString &partnerName, const QString &partnerTimeZone)
{
    QVariantMap errors;
    if (!m_book) {
        errors[QStringLiteral("form")] = m_openError;
        return errors;
    }
    try {
        m_book->createProfile(
            ProfileDraft{str(myName), str(myTimeZone), str(partnerName), str(partnerTimeZone)});
    } catch (const ValidationError &e) {
        errors[qstr(e.field())] = qstr(e.what());
    } catch (const Error &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QVariantMap Session::updateProfile(const QString &myName, const QString &myTimeZone,
                                   const QString &partnerName, const QString &partnerTimeZone)
{
    QVariantMap errors;
    if (!m_book || !m_book->hasProfile()) {
        errors[QStringLiteral("form")] = tr("There is no profile yet.");
        return errors;
    }
    // Check both people first: a form with one wrong field saves nothing.
    auto check = [&](const QString &name, const QString &zone, const QString &nameField,
                     const QString &zoneField) {
        try {
            RitualBook::validateMember(str(name), str(zone));
        } catch (const ValidationError &e) {
            errors[qstr(e.field()) == u"name" ? nameField : zoneField] = qstr(e.what());
        }
    };
    check(myName, myTimeZone, QStringLiteral("myName"), QStringLiteral("myTimeZone"));
    check(partnerName, partnerTimeZone, QStringLiteral("partnerName"),
          QStringLiteral("partnerTimeZone"));
    if (!errors.isEmpty())
        return errors;
    const QString failed = run([&] {
        const Profile p = m_book->profile();
        if (qstr(p.me.name) != myName.trimmed() || qstr(p.me.timeZone) != myTimeZone)
            m_book->updateMember(p.me.id, str(myName), str(myTimeZone));
        if (qstr(p.partner.name) != partnerName.trimmed() || qstr(p.partner.timeZone) != partnerTimeZone)
            m_book->updateMember(p.partner.id, str(partnerName), str(partnerTimeZone));
    });
    if (!failed.isEmpty())
        errors[QStringLiteral("form")] = failed;
    return errors;
}

QVariantMap Session::checkInForOccurrence(const QString &ritualId, const QString &localStart)
{
    QString id;
    const QString error = run([&] {
        id = qstr(CheckIns(*m_store, *m_content).forOccurrence(ritualId.toStdString(),
                                                                localStart.toStdString()));
    });
    if (!error.isEmpty())
        return {{QStringLiteral("error"), error}};
    return {{QStringLiteral("checkinId"), id}};
}

QString Session::run(const std::function<void()> &action)
{
    if (!m_book)
        return m_openError;
    return runAction(action);
}

QString Session::markDone(const QString &ritualId, const QString &localStart, const QString &note,
                          int rating)
{
    return run([&] { m_book->markDone(str(ritualId), str(localStart), str(note), rating); });
}

QString Session::skip(const QString &ritualId, const QString &localStart, const QString &reason)
{
    return run([&] { m_book->skip(str(ritualId), str(localStart), str(reason)); });
}

QString Session::move(const QString &ritualId, const QString &localStart,
                      const QString &newLocalStart)
{
    return run([&] { m_book->move(str(ritualId), str(localStart), str(newLocalStart)); });
}

QString Session::reopen(const QString &ritualId, const QString &localStart)
{
    return run([&] { m_book->reopen(str(ritualId), str(localStart)); });
}

QString Session::setRitualStatus(const QString &ritualId, const QString &status)
{
    return run([&] { m_book->setStatus(str(ritualId), ritualStatusFromString(str(status))); });
}

QString Session::exportJson(const QString &target)
{
    QString error;
    const QString failed = run([&] {
        const std::string text = exportProfile(*m_store).dump(2);
        error = writeFile(target, QByteArray::fromStdString(text));
    });
    if (!failed.isEmpty())
        return failed;
    return error.isEmpty() ? tr("Saved everything to %1").arg(localPath(target)) : error;
}

QString Session::exportIcs(const QString &target, const QString &ritualId)
{
    QString error;
    const QString failed = run([&] {
        std::vector<std::string> ids;
        if (!ritualId.isEmpty())
            ids.push_back(str(ritualId));
        const std::string ics = ritualsToIcs(*m_book, ids, nowMs());
        error = writeFile(target, QByteArray::fromStdString(ics));
    });
    if (!failed.isEmpty())
        return failed;
    return error.isEmpty() ? tr("Saved the calendar to %1").arg(localPath(target)) : error;
}

QString Session::suggestedExportPath(const QString &suffix) const
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    const QString day = QDateTime::fromMSecsSinceEpoch(nowMs()).toString(QStringLiteral("yyyy-MM-dd"));
    return folder + QStringLiteral("/hearth-") + day + u'.' + suffix;
}

QString Session::timeIn(qint64 utcMs, const QString &timeZone) const
{
    try {
        return qstr(utcToLocal(utcMs, str(timeZone))).mid(11, 5);
    } catch (const Error &) {
        return {};
    }
}

QString Session::dayLabel(qint64 utcMs, const QString &timeZone) const
{
    try {
        const QDate day = QDate::fromString(qstr(utcToLocal(utcMs, str(timeZone))).left(10),
                                            Qt::ISODate);
        const QDate today = QDate::fromString(qstr(utcToLocal(nowMs(), str(timeZone))).left(10),
                                              Qt::ISODate);
        const qint64 delta = today.daysTo(day);
        if (delta == 0)
            return tr("Today");
        if (delta == 1)
            return tr("Tomorrow");
        if (delta == -1)
            return tr("Yesterday");
        const QLocale locale;
        return day.year() == today.year()
                   ? locale.toString(day, QStringLiteral("dddd d MMMM"))
                   : locale.toString(day, QStringLiteral("d MMMM yyyy"));
    } catch (const Error &) {
        return {};
    }
}

QString Session::partnerTimeText(qint64 utcMs) const
{
    if (m_partnerTimeZone.isEmpty() || m_partnerTimeZone == m_myTimeZone)
        return {};
    try {
        const QString mine = qstr(utcToLocal(utcMs, str(m_myTimeZone)));
        const QString theirs = qstr(utcToLocal(utcMs, str(m_partnerTimeZone)));
        if (mine == theirs)
            return {};
        if (mine.left(10) == theirs.left(10))
            return theirs.mid(11, 5);
        const QDate theirDay = QDate::fromString(theirs.left(10), Qt::ISODate);
        return QLocale().toString(theirDay, QStringLiteral("ddd")) + u' ' + theirs.mid(11, 5);
    } catch (const Error &) {
        return {};
    }
}

QString Session::offsetLabel(const QString &timeZone) const
{
    try {
        const int minutes = utcOffsetMinutes(nowMs(), str(timeZone));
        const int a = std::abs(minutes);
        return QStringLiteral("UTC%1%2:%3")
            .arg(minutes < 0 ? QStringLiteral("−") : QStringLiteral("+"))
            .arg(a / 60, 2, 10, QLatin1Char('0'))
            .arg(a % 60, 2, 10, QLatin1Char('0'));
    } catch (const Error &) {
        return {};
    }
}

void Session::checkReminders()
{
    if (!m_reminders || !hasProfile())
        return;
    ReminderBatch batch;
    try {
        batch = m_reminders->check(nowMs());
    } catch (const Error &e) {
        qWarning("Reminder check failed: %s", e.what());
        return;
    }
    if (batch.folded) {
        const QString body = tr("%1 rituals are starting soon.").arg(batch.reminders.size());
        m_banner = body;
        emit bannerChanged();
        emit reminder(tr("Coming up"), body);
    } else {
        for (const auto &item : batch.reminders) {
            const QString title = qstr(item.title);
            const QString body = tr("%1 at %2").arg(dayLabel(item.startUtc, m_myTimeZone),
                                                    timeIn(item.startUtc, m_myTimeZone));
            m_banner = tr("Coming up: %1 — %2").arg(title, body);
            emit bannerChanged();
            emit reminder(title, body);
        }
    }
    if (!batch.missed.empty()) {
        const QString body = batch.missed.size() == 1
                                 ? tr("%1 was due while Hearth was closed.")
                                       .arg(qstr(batch.missed.front().title))
                                 : tr("%1 rituals were due while Hearth was closed.")
                                       .arg(batch.missed.size());
        m_banner = body;
        emit bannerChanged();
        emit reminder(tr("While you were away"), body);
    }
    checkNotices();
}

void Session::tell(const QString &title, const QString &body)
{
    m_banner = tr("%1: %2").arg(title, body);
    emit bannerChanged();
    emit reminder(title, body);
}

void Session::checkNotices()
{
    if (!m_store || !hasProfile())
        return;
    std::vector<BreakNotice> breaks;
    std::vector<SignalNotice> signalNotices;
    std::vector<AgreementNotice> reviews;
    try {
        breaks = Repairs(*m_store, *m_content).takeBreakNotices();
        signalNotices = SignalBook(*m_store, *m_content).takeNotices();
        reviews = Agreements(*m_store, *m_content).takeReviewNotices();
    } catch (const Error &e) {
        qWarning("Notice check failed: %s", e.what());
        return;
    }
    for (const SignalNotice &notice : signalNotices) {
        const SignalMessage &m = notice.message;
        if (notice.kind == SignalNotice::Kind::Arrived) {
            QString body = qstr(m.text);
            if (const SignalKind *kind = m_content->signalKind(m.kind); kind && kind->asksTime && m.untilAt > 0)
                body += QStringLiteral(", ")
                        + qstr(kind->timeLabel).replace(QStringLiteral("{time}"), timeIn(m.untilAt, m_myTimeZone));
            else if (!m.meaning.empty())
                body += QStringLiteral(" (") + qstr(m.meaning) + QStringLiteral(")");
            tell(m_partnerName, body);
        } else {
            QString body = qstr(m.replyText);
            if (const QuickReply *reply = m_content->quickReply(m.reply); reply && reply->asksTime && m.replyUntil > 0)
                body = qstr(reply->label) + QStringLiteral(" ")
                       + qstr(reply->timeLabel).replace(QStringLiteral("{time}"), timeIn(m.replyUntil, m_myTimeZone));
            tell(tr("%1 answered \"%2\"").arg(m_partnerName, qstr(m.text)), body);
        }
    }
    // What our therapist gave me to do today, once per due date on this device.
    for (const CoupleCare::Notice &notice : CoupleCare::takeNotices(*this))
        tell(notice.title, notice.body);
    for (const AgreementNotice &notice : reviews)
        tell(tr("Time to look at an agreement"),
             tr("\"%1: %2\" is due for its review. Does it still work for you both?")
                 .arg(qstr(notice.agreement.situation), qstr(notice.agreement.action)));
    for (const BreakNotice &notice : breaks) {
        const QString back = timeIn(notice.pause.returnAt, m_myTimeZone);
        QString title, body;
        if (notice.kind == BreakNotice::Kind::Called) {
            title = tr("%1 needs a break").arg(m_partnerName);
            body = notice.repairTitle.empty()
                       ? tr("%1 will be back at %2. Take the time to settle too.").arg(m_partnerName, back)
                       : tr("From \"%1\": %2 will be back at %3. Take the time to settle too.")
                             .arg(qstr(notice.repairTitle), m_partnerName, back);
        } else {
            title = tr("Time to come back");
            body = notice.repairTitle.empty()
                       ? tr("The break is over. Come back gently, or ask for a little more time.")
                       : tr("The break from \"%1\" is over. Come back gently, or ask for a little more time.")
                             .arg(qstr(notice.repairTitle));
        }
        tell(title, body);
    }
}

void Session::dismissBanner()
{
    if (m_banner.isEmpty())
        return;
    m_banner.clear();
    emit bannerChanged();
}
