#include "activationsmodel.h"

#include "jsonvariant.h"
#include "needsmodel.h"
#include "repairsmodel.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "schedule.h"

#include <QDate>
#include <QLocale>
#include <QSet>
#include <QTime>

#include <algorithm>
#include <functional>

using namespace hearth;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kDay = 24 * 60 * kMinute;
/// Bars per picture: the most frequent ones, enough to see a pattern.
constexpr std::size_t kTopBars = 6;

QStringList labelsOf(const std::vector<std::string> &ids, const std::function<QString(const std::string &)> &label)
{
    QStringList out;
    for (const std::string &id : ids)
        out << label(id);
    return out;
}

QVariantList bars(const std::vector<std::pair<std::string, int>> &counts,
                  const std::function<QString(const std::string &)> &label)
{
    QVariantList out;
    for (std::size_t i = 0; i < counts.size() && i < kTopBars; ++i)
        out << QVariantMap{{QStringLiteral("label"), label(counts[i].first)},
                           {QStringLiteral("count"), counts[i].second}};
    return out;
}

QStringList stringList(const QVariant &value)
{
    QStringList out;
    for (const QVariant &v : value.toList())
        out << v.toString();
    if (value.typeId() == QMetaType::QStringList)
        out = value.toStringList();
    return out;
}

} // namespace

ActivationsModel::ActivationsModel(QObject *parent) : ActivationsModel(Session::instance(), parent) {}

ActivationsModel::ActivationsModel(Session *session, QObject *parent)
    : MapListModel({"activationId", "situation", "happenedAt", "whenText", "emotionLabel", "intensity",
                    "bodyLabels", "neededLabels", "reaction", "note", "shared", "mine", "memberName"},
                   "activationId", parent),
      m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ActivationsModel::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

void ActivationsModel::setIncludePartner(bool include)
{
    if (include == m_includePartner)
        return;
    m_includePartner = include;
    emit filterChanged();
    refresh();
}

void ActivationsModel::setRangeDays(int days)
{
    days = std::max(0, days);
    if (days == m_rangeDays)
        return;
    m_rangeDays = days;
    emit rangeDaysChanged();
    readPatterns();
}

QVariantList ActivationsModel::situations() const
{
    return m_session ? ustext::suggestionList(m_session->content().us().situations) : QVariantList();
}

QVariantList ActivationsModel::bodySensations() const
{
    return m_session ? ustext::suggestionList(m_session->content().us().bodySensations) : QVariantList();
}

QVariantList ActivationsModel::emotions() const
{
    return m_session ? ustext::suggestionList(m_session->content().us().emotions) : QVariantList();
}

QVariantList ActivationsModel::reactions() const
{
    return m_session ? ustext::suggestionList(m_session->content().us().reactions) : QVariantList();
}

QVariantList ActivationsModel::needs() const
{
    QVariantList out;
    if (!m_session)
        return out;
    for (const Need &n : m_session->content().needs())
        out << QVariantMap{{QStringLiteral("id"), qstr(n.id)}, {QStringLiteral("label"), qstr(n.label)}};
    return out;
}

QString ActivationsModel::todayText() const
{
    if (!m_session || m_session->myTimeZone().isEmpty())
        return {};
    try {
        return qstr(utcToLocal(m_session->nowMs(), str(m_session->myTimeZone()))).left(10);
    } catch (const std::exception &) {
        return {};
    }
}

QString ActivationsModel::nowTimeText() const
{
    if (!m_session)
        return {};
    return m_session->timeIn(m_session->nowMs(), m_session->myTimeZone());
}

qint64 ActivationsModel::localToUtcMs(const QString &date, const QString &time) const
{
    if (!m_session)
        return 0;
    const QDate d = QDate::fromString(date, Qt::ISODate);
    const QTime t = QTime::fromString(time, QStringLiteral("HH:mm"));
    if (!d.isValid() || !t.isValid())
        return 0;
    try {
        return localToUtc(str(date + u'T' + time), str(m_session->myTimeZone()));
    } catch (const std::exception &) {
        return 0;
    }
}

QString ActivationsModel::cannotWrite() const
{
    if (!m_session || !m_session->store())
        return m_session ? m_session->openError() : tr("Hearth is not open.");
    if (!m_session->hasProfile())
        return tr("Set up your profile first.");
    return {};
}

ActivationDraft ActivationsModel::draftOf(const QVariantMap &draft, QVariantMap &errors) const
{
    ActivationDraft out;
    auto tooLong = [](const QString &text, std::size_t limit) { return fair::characters(str(text)) > limit; };

    out.happenedAt = draft.value(QStringLiteral("happenedAt")).toLongLong();
    if (out.happenedAt <= 0)
        errors[QStringLiteral("happenedAt")] = tr("Say when it happened: a date and a time.");
    else if (out.happenedAt > m_session->nowMs() + kMinute)
        errors[QStringLiteral("happenedAt")] = tr("When it happened can't be in the future.");

    const QString situation = draft.value(QStringLiteral("situation")).toString().trimmed();
    if (situation.isEmpty())
        errors[QStringLiteral("situation")] = tr("Say in a few words what happened, or pick one of the suggestions.");
    else if (tooLong(situation, Needs::kMaxText))
        errors[QStringLiteral("situation")] = tr("Keep it to %1 characters.").arg(Needs::kMaxText);
    out.situation = str(situation);

    // Tags: body sensations and needs, each once, in the order given.
    auto tags = [&](const QString &field, std::vector<std::string> &into) {
        QSet<QString> seen;
        for (const QString &raw : stringList(draft.value(field))) {
            const QString tag = raw.trimmed();
            if (tag.isEmpty() || seen.contains(tag.toCaseFolded()))
                continue;
            seen.insert(tag.toCaseFolded());
            if (tooLong(tag, Needs::kMaxText)) {
                errors[field] = tr("Keep each one to %1 characters.").arg(Needs::kMaxText);
                return;
            }
            into.push_back(str(tag));
        }
        if (into.size() > Needs::kMaxTags)
            errors[field] = tr("Pick at most %1.").arg(Needs::kMaxTags);
    };
    tags(QStringLiteral("body"), out.body);
    tags(QStringLiteral("needed"), out.needed);

    const QString emotion = draft.value(QStringLiteral("emotion")).toString().trimmed();
    if (tooLong(emotion, Needs::kMaxText))
        errors[QStringLiteral("emotion")] = tr("Keep it to %1 characters.").arg(Needs::kMaxText);
    out.emotion = str(emotion);

    bool ok = false;
    out.intensity = draft.value(QStringLiteral("intensity")).toInt(&ok);
    if (!ok || out.intensity < 1 || out.intensity > 10)
        errors[QStringLiteral("intensity")] = tr("Choose how strong it felt, from 1 to 10.");

    const QString reaction = draft.value(QStringLiteral("reaction")).toString().trimmed();
    if (tooLong(reaction, Needs::kMaxText))
        errors[QStringLiteral("reaction")] = tr("Keep it to %1 characters.").arg(Needs::kMaxText);
    out.reaction = str(reaction);

    const QString note = draft.value(QStringLiteral("note")).toString().trimmed();
    if (tooLong(note, Needs::kMaxNote))
        errors[QStringLiteral("note")] = tr("Keep the note to %1 characters.").arg(Needs::kMaxNote);
    out.note = str(note);
    out.shared = draft.value(QStringLiteral("shared")).toBool();
    return out;
}

QVariantMap ActivationsModel::log(const QVariantMap &draft)
{
    QVariantMap errors;
    if (const QString why = cannotWrite(); !why.isEmpty()) {
        errors[QStringLiteral("form")] = why;
        return errors;
    }
    const ActivationDraft d = draftOf(draft, errors);
    if (!errors.isEmpty())
        return errors;
    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::string id = needs.logActivation(d);
        // Varied by how many moments there are, so it is not the same words every time.
        const std::size_t seed = needs.activations(false).size();
        return {{QStringLiteral("activationId"), qstr(id)},
                {QStringLiteral("prompt"), qstr(needs.compassionPrompt(seed))}};
    } catch (const ValidationError &e) {
        errors[qstr(e.field())] = qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QVariantMap ActivationsModel::edit(const QString &activationId, const QVariantMap &draft)
{
    QVariantMap errors;
    if (const QString why = cannotWrite(); !why.isEmpty()) {
        errors[QStringLiteral("form")] = why;
        return errors;
    }
    ActivationDraft d = draftOf(draft, errors);
    if (!errors.isEmpty())
        return errors;
    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::optional<Activation> current = needs.activation(str(activationId));
        const repairtext::Members members = repairtext::Members::of(m_session);
        if (!current || !members.isMe(current->memberId)) {
            errors[QStringLiteral("form")] = tr("This moment is not in your log any more.");
            return errors;
        }
        d.shared = current->shared;
        needs.editActivation(current->id, d);
        return {{QStringLiteral("activationId"), activationId}};
    } catch (const ValidationError &e) {
        errors[qstr(e.field())] = qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QString ActivationsModel::setShared(const QString &activationId, bool shared)
{
    if (const QString why = cannotWrite(); !why.isEmpty())
        return why;
    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::optional<Activation> current = needs.activation(str(activationId));
        if (!current || !repairtext::Members::of(m_session).isMe(current->memberId))
            return tr("This moment is not in your log any more.");
        needs.setActivationShared(current->id, shared);
        return {};
    } catch (const std::exception &e) {
        return qstr(e.what());
    }
}

QString ActivationsModel::remove(const QString &activationId)
{
    if (const QString why = cannotWrite(); !why.isEmpty())
        return why;
    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::optional<Activation> current = needs.activation(str(activationId));
        if (!current || !repairtext::Members::of(m_session).isMe(current->memberId))
            return tr("This moment is not in your log any more.");
        needs.removeActivation(current->id);
        return {};
    } catch (const std::exception &e) {
        return qstr(e.what());
    }
}

QVariantMap ActivationsModel::rowOf(const Activation &a, const std::string &me) const
{
    const UsContent &us = m_session->content().us();
    const bool mine = !me.empty() && a.memberId == me;
    QString memberName;
    if (!mine)
        memberName = m_session->partnerName();
    return {{QStringLiteral("activationId"), qstr(a.id)},
            {QStringLiteral("situation"), qstr(a.situation)},
            {QStringLiteral("happenedAt"), qint64(a.happenedAt)},
            {QStringLiteral("whenText"), repairtext::when(*m_session, a.happenedAt)},
            {QStringLiteral("emotionLabel"), a.emotion.empty() ? QString() : ustext::labelIn(us.emotions, a.emotion)},
            {QStringLiteral("intensity"), a.intensity},
            {QStringLiteral("bodyLabels"),
             labelsOf(a.body, [&](const std::string &id) { return ustext::labelIn(us.bodySensations, id); })},
            {QStringLiteral("neededLabels"),
             labelsOf(a.needed, [&](const std::string &id) { return ustext::needLabel(*m_session, id); })},
            {QStringLiteral("reaction"), qstr(a.reaction)},
            {QStringLiteral("note"), qstr(a.note)},
            {QStringLiteral("shared"), a.shared},
            {QStringLiteral("mine"), mine},
            {QStringLiteral("memberName"), memberName}};
}

QVariantMap ActivationsModel::activation(const QString &activationId) const
{
    if (!m_session || !m_session->store() || !m_session->hasProfile())
        return {};
    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::optional<Activation> a = needs.activation(str(activationId));
        if (!a)
            return {};
        const repairtext::Members members = repairtext::Members::of(m_session);
        if (!members.isMe(a->memberId) && !a->shared)
            return {};
        QVariantMap out = rowOf(*a, members.me);
        auto list = [](const std::vector<std::string> &v) {
            QStringList l;
            for (const std::string &s : v)
                l << qstr(s);
            return l;
        };
        out[QStringLiteral("body")] = list(a->body);
        out[QStringLiteral("needed")] = list(a->needed);
        out[QStringLiteral("emotion")] = qstr(a->emotion);
        const QString local = qstr(utcToLocal(a->happenedAt, str(m_session->myTimeZone())));
        out[QStringLiteral("dateText")] = local.left(10);
        out[QStringLiteral("timeText")] = local.mid(11, 5);
        out[QStringLiteral("memberName")] = members.isMe(a->memberId) ? m_session->myName() : m_session->partnerName();
        return out;
    } catch (const std::exception &e) {
        qWarning("Could not read a moment: %s", e.what());
        return {};
    }
}

void ActivationsModel::readPatterns()
{
    QVariantMap patterns;
    ActivationPatterns p;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            const qint64 since = m_rangeDays > 0 ? m_session->nowMs() - m_rangeDays * kDay : 0;
            p = Needs(*m_session->store(), m_session->content()).patterns(str(m_session->myTimeZone()), since);
        } catch (const std::exception &e) {
            qWarning("Could not read the patterns: %s", e.what());
        }
    }
    if (m_session) {
        const UsContent &us = m_session->content().us();
        patterns[QStringLiteral("count")] = p.count;
        patterns[QStringLiteral("averageIntensity")] = p.averageIntensity;
        patterns[QStringLiteral("averageText")] =
            p.count > 0 ? QLocale().toString(p.averageIntensity, 'f', 1) : QString();
        patterns[QStringLiteral("situations")] = bars(p.situations, [](const std::string &s) { return qstr(s); });
        patterns[QStringLiteral("emotions")] =
            bars(p.emotions, [&](const std::string &id) { return ustext::labelIn(us.emotions, id); });
        patterns[QStringLiteral("needs")] =
            bars(p.needs, [&](const std::string &id) { return ustext::needLabel(*m_session, id); });
        patterns[QStringLiteral("body")] =
            bars(p.body, [&](const std::string &id) { return ustext::labelIn(us.bodySensations, id); });
        QVariantList byHour;
        int peak = -1;
        for (int h = 0; h < 24; ++h) {
            const int n = h < int(p.byHour.size()) ? p.byHour[std::size_t(h)] : 0;
            byHour << n;
            if (n > 0 && (peak < 0 || n > p.byHour[std::size_t(peak)]))
                peak = h;
        }
        patterns[QStringLiteral("byHour")] = byHour;
        patterns[QStringLiteral("peakHourText")] =
            peak >= 0 && p.count > 1 ? tr("Most often around %1").arg(QStringLiteral("%1:00").arg(peak, 2, 10, QLatin1Char('0')))
                                     : QString();
    }
    if (patterns != m_patterns) {
        m_patterns = std::move(patterns);
        emit patternsChanged();
    }
}

void ActivationsModel::refresh()
{
    m_refreshTimer.stop();
    std::vector<Activation> all;
    repairtext::Members members;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            members = repairtext::Members::of(m_session);
            all = Needs(*m_session->store(), m_session->content()).activations(m_includePartner);
        } catch (const std::exception &e) {
            qWarning("Could not read the moments: %s", e.what());
        }
    }
    QList<QVariantMap> rows;
    int mine = 0;
    QString newest;
    for (const Activation &a : all) {
        rows << rowOf(a, members.me);
        if (members.isMe(a.memberId)) {
            if (mine == 0)
                newest = qstr(a.id);
            ++mine;
        }
    }
    const int countBefore = count();
    setRows(std::move(rows));
    bool changed = countBefore != count() || mine != m_myCount || newest != m_newestId;
    m_myCount = mine;
    m_newestId = newest;
    if (changed)
        emit countChanged();
    readPatterns();
}
