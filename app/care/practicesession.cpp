#include "practicesession.h"

#include "exportfile.h"
#include "jsonvariant.h"
#include "practicesyncworker.h"
#include "runaction.h"
#include "session.h"

#include "care.h"
#include "clock.h"
#include "contentlibrary.h"
#include "errors.h"
#include "practice.h"
#include "schedule.h"
#include "store.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJSEngine>
#include <QQmlEngine>
#include <QLocale>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTextDocument>
#include <QThread>

#include <algorithm>
#include <map>
#include <set>

using namespace hearth;

namespace {

PracticeSession *s_instance = nullptr;

QString field(const ValidationError &e)
{
    return qstr(e.field());
}

/// A policy field from the core ("policy.kind", "kind", "policy") as the form names it.
QString profileField(const QString &coreField)
{
    if (coreField.contains(u"kind", Qt::CaseInsensitive))
        return QStringLiteral("policyKind");
    if (coreField.contains(u"policy", Qt::CaseInsensitive) || coreField.contains(u"text", Qt::CaseInsensitive))
        return QStringLiteral("policyText");
    if (coreField.contains(u"zone", Qt::CaseInsensitive))
        return QStringLiteral("timeZone");
    if (coreField.contains(u"name", Qt::CaseInsensitive))
        return QStringLiteral("name");
    return QStringLiteral("form");
}

QStringList stringList(const QVariant &value)
{
    QStringList out;
    for (const QVariant &v : value.toList()) {
        const QString s = v.toString().trimmed();
        if (!s.isEmpty())
            out << s;
    }
    return out;
}

std::vector<std::string> stdList(const QStringList &list)
{
    std::vector<std::string> out;
    out.reserve(std::size_t(list.size()));
    for (const QString &s : list)
        out.push_back(str(s));
    return out;
}

QVariantList variantList(const std::vector<std::string> &list)
{
    QVariantList out;
    for (const std::string &s : list)
        out << qstr(s);
    return out;
}

/// Runs a form's `write` through PracticeSession::run: {} when it went through, else field ->
/// message, the field of a ValidationError as `formField` names it and anything else under "form".
QVariantMap runForm(PracticeSession &session, const std::function<void()> &write,
                    const std::function<QString(const QString &coreField)> &formField)
{
    QVariantMap errors;
    const QString failed = session.run([&] {
        try {
            write();
        } catch (const ValidationError &e) {
            errors[formField(field(e))] = qstr(e.what());
        }
    });
    if (!failed.isEmpty())
        errors[QStringLiteral("form")] = failed;
    return errors;
}

/// Creates or updates the practice's profile with `write`: {} when written (and every model is
/// told), else field -> message as createPractice and updateProfile return it.
QVariantMap writeProfile(PracticeSession &session, void (Practice::*write)(const PracticeProfile &),
                         const QString &name, const QString &timeZone, const QString &policyKind,
                         const QString &policyText)
{
    const QVariantMap errors = runForm(
        session,
        [&] {
            (session.practice()->*write)(PracticeProfile{str(name.trimmed()), str(timeZone),
                                                         CarePolicy{str(policyKind), str(policyText.trimmed())}});
        },
        profileField);
    if (errors.isEmpty())
        session.touch();
    return errors;
}

/// "Week of" labels as the check-in charts show them: "23 Mar".
QString weekLabel(const std::string &weekOf)
{
    const QDate d = QDate::fromString(qstr(weekOf), Qt::ISODate);
    return d.isValid() ? QLocale().toString(d, QStringLiteral("d MMM")) : qstr(weekOf);
}

} // namespace

PracticeSession::PracticeSession(const QString &dataDirectory, const ContentLibrary &content,
                                 QObject *parent)
    : QObject(parent), m_dataDirectory(QDir(dataDirectory).absolutePath()), m_content(content),
      m_ownClock(std::make_unique<SystemClock>()), m_ownRandom(std::make_unique<SystemRandom>()),
      m_clock(m_ownClock.get()), m_random(m_ownRandom.get()),
      m_settings(QDir(dataDirectory).absoluteFilePath(QStringLiteral("practice.ini")), QSettings::IniFormat)
{
    readProfile();
}

PracticeSession::PracticeSession(const QString &dataDirectory, const ContentLibrary &content,
                                 const Clock &clock, RandomSource &random, QObject *parent)
    : QObject(parent), m_dataDirectory(QDir(dataDirectory).absolutePath()), m_content(content),
      m_clock(&clock), m_random(&random),
      m_settings(QDir(dataDirectory).absoluteFilePath(QStringLiteral("practice.ini")), QSettings::IniFormat)
{
    readProfile();
}

PracticeSession::~PracticeSession()
{
    if (m_thread) {
        QMetaObject::invokeMethod(m_worker, &PracticeSyncWorker::shutdown, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_worker;
        delete m_thread;
    }
    if (s_instance == this)
        s_instance = nullptr;
}

PracticeSession *PracticeSession::create(QQmlEngine *engine, QJSEngine *)
{
    if (!s_instance) {
        // Nobody made one (the QML tests make only a Session): one over the Session's folder,
        // which the engine owns.
        Session *session = Session::instance();
        Q_ASSERT(session);
        auto *made = new PracticeSession(session->dataDirectory(), session->content(), engine);
        s_instance = made;
        QJSEngine::setObjectOwnership(made, QJSEngine::JavaScriptOwnership);
        return made;
    }
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

void PracticeSession::setInstance(PracticeSession *session)
{
    s_instance = session;
}

PracticeSession *PracticeSession::instance()
{
    return s_instance;
}

Practice *PracticeSession::practice() const
{
    if (!m_practice && m_openError.isEmpty()) {
        try {
            QDir().mkpath(m_dataDirectory);
            m_practice = std::make_unique<Practice>(std::filesystem::path(str(m_dataDirectory)), *m_clock,
                                                    *m_random, m_content);
        } catch (const std::exception &e) {
            m_openError = tr("The practice could not be opened: %1").arg(qstr(e.what()));
            qWarning("%s", qPrintable(m_openError));
        }
    }
    return m_practice.get();
}

bool PracticeSession::exists() const
{
    return !m_name.isEmpty();
}

void PracticeSession::readProfile()
{
    m_name.clear();
    m_timeZone.clear();
    m_policyKind.clear();
    m_policyText.clear();
    // A couple's profile never opens the practice: only a folder whose store says it is one.
    const QString file = m_dataDirectory + QStringLiteral("/profile.db");
    if (!m_practice) {
        if (!QFileInfo::exists(file))
            return;
        try {
            Store store(str(file), *m_clock, *m_random);
            if (!Practice::isPractice(store))
                return;
        } catch (const std::exception &e) {
            qWarning("Could not read %s: %s", qPrintable(file), e.what());
            return;
        }
    }
    Practice *p = practice();
    if (!p)
        return;
    try {
        if (!p->exists())
            return;
        const PracticeProfile profile = p->profile();
        m_name = qstr(profile.name);
        m_timeZone = qstr(profile.timeZone);
        m_policyKind = qstr(profile.policy.kind);
        m_policyText = qstr(profile.policy.text);
    } catch (const std::exception &e) {
        qWarning("Could not read the practice: %s", e.what());
    }
}

void PracticeSession::touch()
{
    readProfile();
    ++m_revision;
    emit changed();
}

QString PracticeSession::run(const std::function<void()> &action)
{
    if (!practice())
        return m_openError;
    return runAction(action);
}

qint64 PracticeSession::nowMs() const
{
    return m_clock->nowMs();
}

QString PracticeSession::today() const
{
    const QString zone = m_timeZone.isEmpty() ? QStringLiteral("UTC") : m_timeZone;
    try {
        return qstr(utcToLocal(nowMs(), str(zone))).left(10);
    } catch (const std::exception &) {
        return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC).date().toString(Qt::ISODate);
    }
}

QVariantList PracticeSession::policyKinds()
{
    return {
        QVariantMap{{QStringLiteral("id"), QStringLiteral("no-secrets")},
                    {QStringLiteral("label"), tr("No secrets")},
                    {QStringLiteral("description"),
                     tr("What one partner tells you alone can be brought into a joint session.")}},
        QVariantMap{{QStringLiteral("id"), QStringLiteral("limited-secrets")},
                    {QStringLiteral("label"), tr("Limited secrets")},
                    {QStringLiteral("description"),
                     tr("You may hold something one partner tells you for a while, and help them share it.")}},
    };
}

QString PracticeSession::policyDraft(const QString &kind)
{
    if (kind == u"no-secrets")
        return tr("I work with the two of you as a couple. If one of you tells me something on your own, "
                  "in a message or outside our sessions, I will not keep it from your partner: I will help "
                  "you bring it into a session we have together.\n\n"
                  "In Hearth I see only the exercises I assign, whether each of you has done them, and the "
                  "reflections you choose to share with me. Everything you keep private stays with you.");
    if (kind == u"limited-secrets")
        return tr("I work with the two of you as a couple, and I know some things are hard to say at first. "
                  "If one of you tells me something on your own, I may keep it to myself for a while and "
                  "help you find a way to share it. If it puts either of you at risk, or stands in the way "
                  "of our work, I will ask you to bring it into a session within a few weeks.\n\n"
                  "In Hearth I see only the exercises I assign, whether each of you has done them, and the "
                  "reflections you choose to share with me. Everything you keep private stays with you.");
    return {};
}

bool PracticeSession::isPolicyDraft(const QString &text)
{
    const QString t = text.trimmed();
    return t.isEmpty() || t == policyDraft(QStringLiteral("no-secrets")).trimmed()
           || t == policyDraft(QStringLiteral("limited-secrets")).trimmed();
}

QVariantList PracticeSession::formats() const
{
    QVariantList out;
    for (const Suggestion &s : m_content.exerciseFormats())
        out << QVariantMap{{QStringLiteral("id"), qstr(s.id)}, {QStringLiteral("label"), qstr(s.label)}};
    return out;
}

QString PracticeSession::formatLabel(const std::string &format) const
{
    for (const Suggestion &s : m_content.exerciseFormats())
        if (s.id == format)
            return qstr(s.label);
    return format.empty() ? tr("Your own") : qstr(format);
}

int PracticeSession::maxPolicy()
{
    return int(Care::kMaxPolicy);
}

int PracticeSession::maxNote()
{
    return int(Care::kMaxNote);
}

int PracticeSession::maxTimes()
{
    return Care::kMaxTimes;
}

QString PracticeSession::lastServer() const
{
    return m_settings.value(QStringLiteral("lastServer")).toString();
}

QString PracticeSession::exportFolder() const
{
    QString folder = m_settings.value(QStringLiteral("exportFolder")).toString();
    if (folder.isEmpty())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return folder.isEmpty() ? QDir::homePath() : folder;
}

void PracticeSession::setExportFolder(const QString &folder)
{
    const QString path = localPath(folder).trimmed();
    if (path == exportFolder())
        return;
    m_settings.setValue(QStringLiteral("exportFolder"), path);
    emit exportFolderChanged();
}

QVariantMap PracticeSession::createPractice(const QString &name, const QString &timeZone,
                                            const QString &policyKind, const QString &policyText)
{
    QVariantMap errors;
    if (name.trimmed().isEmpty())
        errors[QStringLiteral("name")] = tr("Write your name as couples will see it.");
    if (policyKind != u"no-secrets" && policyKind != u"limited-secrets")
        errors[QStringLiteral("policyKind")] = tr("Choose how you handle what one partner tells you alone.");
    if (policyText.trimmed().isEmpty())
        errors[QStringLiteral("policyText")] = tr("Write your policy in your own words: both partners read it before linking.");
    if (!errors.isEmpty())
        return errors;
    return writeProfile(*this, &Practice::create, name, timeZone, policyKind, policyText);
}

QVariantMap PracticeSession::updateProfile(const QString &name, const QString &timeZone,
                                           const QString &policyKind, const QString &policyText)
{
    return writeProfile(*this, &Practice::update, name, timeZone, policyKind, policyText);
}

QString PracticeSession::syncError(const QString &spaceId) const
{
    return m_syncErrors.value(spaceId).toString();
}

QVariantMap PracticeSession::couple(const QString &spaceId)
{
    QVariantMap out;
    run([&] {
        for (const PracticeCouple &c : practice()->couples()) {
            if (qstr(c.spaceId) != spaceId)
                continue;
            QVariantList partners;
            QStringList accepted;
            if (c.link) {
                for (const CarePerson &p : c.link->partners) {
                    partners << QVariantMap{{QStringLiteral("memberId"), qstr(p.memberId)},
                                            {QStringLiteral("name"), qstr(p.name)},
                                            {QStringLiteral("colour"), qstr(p.colour)},
                                            {QStringLiteral("accepted"), p.acceptedPolicy},
                                            {QStringLiteral("sharesTrends"), p.sharesTrends}};
                    if (p.acceptedPolicy)
                        accepted << qstr(p.name);
                }
            }
            const bool ended = c.ended || (c.link && c.link->endedAt != 0);
            const bool active = !ended && c.link && c.link->active;
            QString state;
            QString stateText;
            if (ended) {
                state = QStringLiteral("ended");
                stateText = tr("The couple ended the link. What you have stays, read-only.");
            } else if (!c.link || c.link->joinedAt == 0) {
                state = QStringLiteral("joining");
                stateText = tr("Waiting for your device to finish joining.");
            } else if (!active) {
                state = QStringLiteral("accepting");
                stateText = accepted.isEmpty()
                                ? tr("Waiting for both partners to accept your policy.")
                                : tr("%1 accepted your policy; waiting for the other partner.").arg(accepted.join(tr(" and ")));
            } else {
                state = QStringLiteral("active");
                stateText = tr("Linked: both partners accepted your policy.");
            }
            out = {{QStringLiteral("spaceId"), spaceId},
                   {QStringLiteral("name"), qstr(c.name)},
                   {QStringLiteral("linkState"), state},
                   {QStringLiteral("stateText"), stateText},
                   {QStringLiteral("active"), active},
                   {QStringLiteral("ended"), ended},
                   {QStringLiteral("lastSyncMs"), qint64(c.lastSyncMs)},
                   {QStringLiteral("lastSyncText"),
                    c.lastSyncMs > 0 ? tr("Synced %1").arg(agoText(c.lastSyncMs)) : tr("Not synced yet")},
                   {QStringLiteral("syncError"), syncError(spaceId)},
                   {QStringLiteral("partners"), partners}};
        }
    });
    return out;
}

QVariantMap PracticeSession::trends(const QString &spaceId)
{
    QVariantMap out;
    QVariantList people;
    std::set<std::string> weekSet;
    int scaleMin = 0;
    int scaleMax = 0;
    for (const QuestionSet &set : m_content.questionSets())
        for (const Question &question : set.questions)
            if (question.measure != Measure::None) {
                scaleMin = scaleMax == 0 ? question.min : std::min(scaleMin, question.min);
                scaleMax = std::max(scaleMax, question.max);
            }
    run([&] {
        Care care(practice()->couple(str(spaceId)), m_content);
        std::map<std::string, std::string> colours;
        if (const auto link = care.link())
            for (const CarePerson &p : link->partners)
                colours[p.memberId] = p.colour;
        for (const SharedTrends &t : care.sharedTrends()) {
            QVariantMap person{{QStringLiteral("memberId"), qstr(t.memberId)},
                               {QStringLiteral("name"), qstr(t.name)},
                               {QStringLiteral("colour"), qstr(colours[t.memberId])},
                               {QStringLiteral("mine"), false}};
            for (const char *measure : {"mood", "closeness", "stress"}) {
                QVariantList points;
                if (t.trends.contains(measure) && t.trends.at(measure).is_array())
                    for (const nlohmann::json &p : t.trends.at(measure)) {
                        const std::string week = p.value("weekOf", "");
                        if (week.empty())
                            continue;
                        weekSet.insert(week);
                        points << QVariantMap{{QStringLiteral("weekOf"), qstr(week)},
                                              {QStringLiteral("average"), p.value("average", 0.0)},
                                              {QStringLiteral("answers"), p.value("answers", 0)}};
                    }
                person.insert(QString::fromLatin1(measure), points);
            }
            people << person;
        }
    });
    QVariantList weeks;
    for (const std::string &w : weekSet)
        weeks << QVariantMap{{QStringLiteral("weekOf"), qstr(w)}, {QStringLiteral("label"), weekLabel(w)}};
    out.insert(QStringLiteral("people"), people);
    out.insert(QStringLiteral("weeks"), weeks);
    out.insert(QStringLiteral("scaleMin"), scaleMin == 0 && scaleMax == 0 ? 1 : scaleMin);
    out.insert(QStringLiteral("scaleMax"), scaleMax == 0 ? 5 : scaleMax);
    return out;
}

void PracticeSession::markSeen(const QString &spaceId)
{
    const QString failed = run([&] { practice()->markSeen(str(spaceId)); });
    if (failed.isEmpty())
        touch();
}

bool PracticeSession::findExercise(const QString &exerciseId, Exercise &out) const
{
    const std::string id = str(exerciseId);
    if (Practice *p = practice()) {
        try {
            for (const Exercise &e : p->customExercises())
                if (e.id == id) {
                    out = e;
                    return true;
                }
        } catch (const std::exception &e) {
            qWarning("Could not read the custom exercises: %s", e.what());
        }
    }
    if (const Exercise *e = m_content.exercise(id)) {
        out = *e;
        return true;
    }
    return false;
}

QVariantMap PracticeSession::assign(const QString &spaceId, const QString &exerciseId,
                                    const QString &assignee, const QString &dueOn, int everyDays,
                                    int times, const QString &note)
{
    QVariantMap errors;
    Exercise exercise;
    if (!findExercise(exerciseId, exercise)) {
        errors[QStringLiteral("exerciseId")] = tr("Choose an exercise to assign.");
        return errors;
    }
    if (!QDate::fromString(dueOn, Qt::ISODate).isValid())
        errors[QStringLiteral("dueOn")] = tr("Choose the first due date.");
    if (times < 1 || times > Care::kMaxTimes)
        errors[QStringLiteral("times")] = tr("Repeat it 1 to %1 times.").arg(Care::kMaxTimes);
    if (note.size() > int(Care::kMaxNote))
        errors[QStringLiteral("note")] = tr("Keep the note under %1 characters.").arg(Care::kMaxNote);
    if (!errors.isEmpty())
        return errors;
    QString id;
    errors = runForm(
        *this,
        [&] {
            AssignmentDraft draft{exercise, str(assignee), str(dueOn), everyDays, everyDays == 0 ? 1 : times,
                                  str(note.trimmed())};
            id = qstr(Care(practice()->couple(str(spaceId)), m_content).assign(draft));
        },
        [](const QString &f) {
            const QStringList known{QStringLiteral("assignee"), QStringLiteral("dueOn"), QStringLiteral("everyDays"),
                                    QStringLiteral("times"), QStringLiteral("note")};
            return known.contains(f) ? f : QStringLiteral("form");
        });
    if (!errors.isEmpty())
        return errors;
    touch();
    syncNow();
    return {{QStringLiteral("assignmentId"), id}};
}

bool PracticeSession::isPast(const QString &date) const
{
    return QDate::fromString(date, Qt::ISODate).isValid() && date < today();
}

QString PracticeSession::withdraw(const QString &spaceId, const QString &assignmentId)
{
    const QString failed = run([&] {
        Care(practice()->couple(str(spaceId)), m_content).withdraw(str(assignmentId));
    });
    if (failed.isEmpty()) {
        touch();
        syncNow();
    }
    return failed;
}

QVariantMap PracticeSession::exercise(const QString &exerciseId)
{
    Exercise e;
    if (!findExercise(exerciseId, e))
        return {};
    const bool custom = m_content.exercise(e.id) == nullptr;
    return {{QStringLiteral("exerciseId"), qstr(e.id)},
            {QStringLiteral("custom"), custom},
            {QStringLiteral("format"), qstr(e.format)},
            {QStringLiteral("formatLabel"), formatLabel(e.format)},
            {QStringLiteral("title"), qstr(e.title)},
            {QStringLiteral("purpose"), qstr(e.purpose)},
            {QStringLiteral("who"), qstr(e.who)},
            {QStringLiteral("minutes"), e.minutes},
            {QStringLiteral("timerMinutes"), e.timerMinutes},
            {QStringLiteral("steps"), variantList(e.steps)},
            {QStringLiteral("prompts"), variantList(e.prompts)},
            {QStringLiteral("source"), qstr(e.source)}};
}

QVariantMap PracticeSession::saveExercise(const QVariantMap &fields)
{
    QVariantMap errors;
    Exercise e;
    e.id = str(fields.value(QStringLiteral("exerciseId")).toString());
    if (!e.id.empty()) {
        Exercise old;
        if (findExercise(qstr(e.id), old))
            e.version = old.version + 1;
    }
    e.format = str(fields.value(QStringLiteral("format")).toString());
    e.title = str(fields.value(QStringLiteral("title")).toString().trimmed());
    e.purpose = str(fields.value(QStringLiteral("purpose")).toString().trimmed());
    e.who = str(fields.value(QStringLiteral("who"), QStringLiteral("together")).toString());
    e.minutes = fields.value(QStringLiteral("minutes")).toInt();
    e.timerMinutes = fields.value(QStringLiteral("timerMinutes")).toInt();
    const QStringList steps = stringList(fields.value(QStringLiteral("steps")));
    const QStringList prompts = stringList(fields.value(QStringLiteral("prompts")));
    e.steps = stdList(steps);
    e.prompts = stdList(prompts);
    e.source = str(fields.value(QStringLiteral("source")).toString().trimmed());
    if (e.title.empty())
        errors[QStringLiteral("title")] = tr("Give the exercise a title.");
    if (e.minutes < 1 || e.minutes > 240)
        errors[QStringLiteral("minutes")] = tr("About how long does it take? 1 to 240 minutes.");
    if (e.timerMinutes < 0 || e.timerMinutes > e.minutes)
        errors[QStringLiteral("timerMinutes")] = tr("The timer can run at most as long as the exercise.");
    if (steps.size() < 2)
        errors[QStringLiteral("steps")] = tr("Write at least two steps.");
    if (prompts.isEmpty())
        errors[QStringLiteral("prompts")] = tr("Write at least one question for the reflection afterwards.");
    if (!errors.isEmpty())
        return errors;
    QString id;
    errors = runForm(*this, [&] { id = qstr(practice()->saveExercise(e)); }, [](const QString &f) {
        const QStringList known{QStringLiteral("title"), QStringLiteral("purpose"), QStringLiteral("minutes"),
                                QStringLiteral("timerMinutes"), QStringLiteral("steps"), QStringLiteral("prompts"),
                                QStringLiteral("source"), QStringLiteral("format"), QStringLiteral("who")};
        QString key = QStringLiteral("form");
        for (const QString &k : known)
            if (f == k || f.startsWith(k + u'[') || f.startsWith(k + u'.'))
                key = k;
        return key;
    });
    if (!errors.isEmpty())
        return errors;
    touch();
    syncNow();
    return {{QStringLiteral("exerciseId"), id}};
}

QString PracticeSession::removeExercise(const QString &exerciseId)
{
    const QString failed = run([&] { practice()->removeExercise(str(exerciseId)); });
    if (failed.isEmpty()) {
        touch();
        syncNow();
    }
    return failed;
}

void PracticeSession::startSync(int intervalMs)
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("practice-sync"));
    m_worker = new PracticeSyncWorker(m_dataDirectory, m_content);
    m_worker->moveToThread(m_thread);
    connect(m_worker, &PracticeSyncWorker::progress, this, [this](const QString &text) {
        m_linkStatus = text;
        emit linkChanged();
    });
    connect(m_worker, &PracticeSyncWorker::linked, this, &PracticeSession::onLinked);
    connect(m_worker, &PracticeSyncWorker::syncStarted, this, [this] {
        m_syncing = true;
        emit syncChanged();
    });
    connect(m_worker, &PracticeSyncWorker::synced, this, &PracticeSession::onSynced);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, "start", Qt::QueuedConnection, Q_ARG(int, intervalMs));
}

void PracticeSession::link(const QString &server, const QString &code)
{
    if (m_linking)
        return;
    m_linkError.clear();
    m_linkedSpace.clear();
    if (server.trimmed().isEmpty() || code.trimmed().isEmpty()) {
        m_linkError = server.trimmed().isEmpty() ? tr("Write the address of the couple's Hearth server.")
                                                 : tr("Write the invite code the couple gave you.");
        emit linkChanged();
        return;
    }
    if (!exists()) {
        m_linkError = tr("Set up your practice first.");
        emit linkChanged();
        return;
    }
    m_settings.setValue(QStringLiteral("lastServer"), server.trimmed());
    m_linking = true;
    m_linkStatus = tr("Starting…");
    emit linkChanged();
    if (!m_thread)
        startSync(30'000);
    QString device = QSysInfo::machineHostName();
    if (device.isEmpty())
        device = tr("%1's practice").arg(m_name);
    QMetaObject::invokeMethod(m_worker, "link", Qt::QueuedConnection, Q_ARG(QString, server.trimmed()),
                              Q_ARG(QString, code.trimmed()), Q_ARG(QString, device));
}

void PracticeSession::clearLinkError()
{
    if (m_linkError.isEmpty())
        return;
    m_linkError.clear();
    emit linkChanged();
}

void PracticeSession::onLinked(const QString &spaceId, const QString &error)
{
    m_linking = false;
    m_linkStatus.clear();
    m_linkError = error;
    m_linkedSpace = spaceId;
    emit linkChanged();
    touch();
    emit linkFinished(spaceId, error);
}

void PracticeSession::onSynced(const QVariantMap &errors)
{
    m_syncErrors = errors;
    m_syncing = false;
    emit syncChanged();
    touch();
}

void PracticeSession::syncNow()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "syncAll", Qt::QueuedConnection);
}

QString PracticeSession::archive(const QString &spaceId)
{
    const QString failed = run([&] { practice()->archive(str(spaceId)); });
    if (failed.isEmpty())
        touch();
    return failed;
}

QString PracticeSession::exportHtml(const QString &spaceId, const QString &target)
{
    QString error;
    const QString failed = run([&] {
        const std::string html = practice()->exportHtml(str(spaceId), str(today()));
        error = writeFile(target, QByteArray::fromStdString(html));
    });
    if (!failed.isEmpty())
        return failed;
    return error.isEmpty() ? tr("Saved the summary to %1").arg(localPath(target)) : error;
}

QString PracticeSession::exportPdf(const QString &spaceId, const QString &target)
{
    const QString path = localPath(target);
    if (path.isEmpty())
        return tr("Choose where to save the file.");
    QString error;
    const QString failed = run([&] {
        const std::string html = practice()->exportHtml(str(spaceId), str(today()));
        QDir().mkpath(QFileInfo(path).absolutePath());
        QPdfWriter writer(path);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(96);
        writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter);
        writer.setTitle(tr("Hearth summary"));
        writer.setCreator(QStringLiteral("Hearth"));
        QTextDocument document;
        document.setHtml(qstr(html));
        document.print(&writer);
    });
    if (!failed.isEmpty())
        return failed;
    if (!QFileInfo(path).isFile() || QFileInfo(path).size() == 0)
        error = tr("Could not write %1.").arg(path);
    return error.isEmpty() ? tr("Saved the summary to %1").arg(path) : error;
}

QString PracticeSession::suggestedExportPath(const QString &spaceId, const QString &suffix)
{
    QString name = couple(spaceId).value(QStringLiteral("name")).toString();
    name = name.toLower().replace(QRegularExpression(QStringLiteral("[^\\w]+")), QStringLiteral("-"));
    name = name.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    if (name.isEmpty())
        name = QStringLiteral("couple");
    return exportFolder() + QStringLiteral("/hearth-") + name + u'-' + today() + u'.' + suffix;
}

QString PracticeSession::dayText(const QString &date) const
{
    const QDate d = QDate::fromString(date, Qt::ISODate);
    if (!d.isValid())
        return date;
    const QDate now = QDate::fromString(today(), Qt::ISODate);
    const qint64 days = now.daysTo(d);
    if (days == 0)
        return tr("today");
    if (days == 1)
        return tr("tomorrow");
    if (days == -1)
        return tr("yesterday");
    return QLocale().toString(d, d.year() == now.year() ? QStringLiteral("ddd d MMM") : QStringLiteral("d MMM yyyy"));
}

QString PracticeSession::agoText(qint64 utcMs) const
{
    const qint64 minutes = (nowMs() - utcMs) / 60'000;
    if (minutes < 1)
        return tr("just now");
    if (minutes < 60)
        return tr("%1 min ago").arg(minutes);
    if (minutes < 24 * 60)
        return tr("%1 h ago").arg(minutes / 60);
    const QString zone = m_timeZone.isEmpty() ? QStringLiteral("UTC") : m_timeZone;
    try {
        const QString local = qstr(utcToLocal(utcMs, str(zone)));
        return tr("%1, %2").arg(dayText(local.left(10)), local.mid(11, 5));
    } catch (const std::exception &) {
        return QDateTime::fromMSecsSinceEpoch(utcMs).toString(QStringLiteral("d MMM, HH:mm"));
    }
}
