#include "signalmessagesmodel.h"

#include "jsonvariant.h"
#include "repairsmodel.h"
#include "rowsync.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "schedule.h"
#include "signalbook.h"

#include <QDate>
#include <QTime>

using namespace hearth;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kDay = 24 * 60 * kMinute;

/// The icon for our own signals, which have none of their own.
const QString kOwnIcon = QStringLiteral("sparkle");

} // namespace

namespace signaltext {

QString withTime(const QString &timeLabel, const QString &time)
{
    if (timeLabel.contains(u"{time}"))
        return QString(timeLabel).replace(QStringLiteral("{time}"), time);
    return QObject::tr("at %1").arg(time);
}

} // namespace signaltext

SignalMessagesModel::SignalMessagesModel(QObject *parent) : SignalMessagesModel(Session::instance(), parent) {}

SignalMessagesModel::SignalMessagesModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &SignalMessagesModel::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

int SignalMessagesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SignalMessagesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case MessageIdRole: return row.id;
    case KindRole: return row.kind;
    case SignalIdRole: return row.signalId;
    case IconRole: return row.icon;
    case Qt::DisplayRole:
    case TextRole: return row.text;
    case MeaningRole: return row.meaning;
    case UntilTextRole: return row.untilText;
    case FromMeRole: return row.fromMe;
    case SenderNameRole: return row.senderName;
    case SentTextRole: return row.sentText;
    case AgoTextRole: return row.agoText;
    case AnsweredRole: return row.answered;
    case AwaitingMeRole: return row.awaitingMe;
    case ReplyRole: return row.reply;
    case ReplyTextRole: return row.replyText;
    case ReplierNameRole: return row.replierName;
    case RepliedTextRole: return row.repliedText;
    }
    return {};
}

QHash<int, QByteArray> SignalMessagesModel::roleNames() const
{
    return {{MessageIdRole, "messageId"},
            {KindRole, "kind"},
            {SignalIdRole, "signalId"},
            {IconRole, "icon"},
            {TextRole, "text"},
            {MeaningRole, "meaning"},
            {UntilTextRole, "untilText"},
            {FromMeRole, "fromMe"},
            {SenderNameRole, "senderName"},
            {SentTextRole, "sentText"},
            {AgoTextRole, "agoText"},
            {AnsweredRole, "answered"},
            {AwaitingMeRole, "awaitingMe"},
            {ReplyRole, "reply"},
            {ReplyTextRole, "replyText"},
            {ReplierNameRole, "replierName"},
            {RepliedTextRole, "repliedText"}};
}

void SignalMessagesModel::setMode(const QString &mode)
{
    const bool inbox = mode == u"inbox";
    if (inbox == m_inbox)
        return;
    m_inbox = inbox;
    emit modeChanged();
    refresh();
}

void SignalMessagesModel::setLimit(int limit)
{
    limit = std::max(1, limit);
    if (limit == m_limit)
        return;
    m_limit = limit;
    emit modeChanged();
    refresh();
}

QVariantList SignalMessagesModel::replies() const
{
    QVariantList out;
    if (!m_session)
        return out;
    for (const QuickReply &r : m_session->content().us().replies)
        out << QVariantMap{{QStringLiteral("id"), qstr(r.id)},
                           {QStringLiteral("label"), qstr(r.label)},
                           {QStringLiteral("asksTime"), r.asksTime},
                           {QStringLiteral("timeLabel"), qstr(r.timeLabel)}};
    return out;
}

QString SignalMessagesModel::firstTimedKind() const
{
    if (!m_session)
        return {};
    for (const SignalKind &k : m_session->content().us().signalKinds)
        if (k.asksTime)
            return qstr(k.id);
    return {};
}

QVariantMap SignalMessagesModel::option(const QString &kind, const QString &signalId) const
{
    const QString key = kind == u"own" ? QStringLiteral("own:") + signalId : kind;
    for (const QVariant &v : m_sendOptions) {
        const QVariantMap o = v.toMap();
        if (o.value(QStringLiteral("key")).toString() == key)
            return o;
    }
    return {};
}

QString SignalMessagesModel::timeAfter(int minutes) const
{
    if (!m_session)
        return {};
    // Up to the next five minutes: "back at 20:30", not "back at 20:27".
    constexpr qint64 kFive = 5 * kMinute;
    const qint64 at = (m_session->nowMs() + qint64(minutes) * kMinute + kFive - 1) / kFive * kFive;
    return m_session->timeIn(at, m_session->myTimeZone());
}

qint64 SignalMessagesModel::nextTime(const QString &time) const
{
    if (!m_session)
        return 0;
    const QTime t = QTime::fromString(time.trimmed(), QStringLiteral("HH:mm"));
    if (!t.isValid())
        return 0;
    try {
        const std::string zone = str(m_session->myTimeZone());
        const qint64 now = m_session->nowMs();
        const QDate today = QDate::fromString(qstr(utcToLocal(now, zone)).left(10), Qt::ISODate);
        const QString hhmm = t.toString(QStringLiteral("HH:mm"));
        for (int days = 0; days < 2; ++days) {
            const QString local = today.addDays(days).toString(Qt::ISODate) + u'T' + hhmm;
            const qint64 at = localToUtc(str(local), zone);
            if (at > now)
                return at;
        }
    } catch (const std::exception &) {
        return 0;
    }
    return 0;
}

QString SignalMessagesModel::withTime(const QString &timeLabel, const QString &time) const
{
    return signaltext::withTime(timeLabel, time);
}

qint64 SignalMessagesModel::untilOf(const QString &time, bool asksTime, QString &error) const
{
    if (!asksTime)
        return 0;
    if (time.trimmed().isEmpty()) {
        error = tr("Choose a time first.");
        return 0;
    }
    const qint64 at = nextTime(time);
    if (at <= 0)
        error = tr("“%1” is not a time: write it as 20:30.").arg(time);
    return at;
}

QString SignalMessagesModel::run(const std::function<void(SignalBook &)> &action)
{
    if (!m_session || !m_session->store())
        return m_session ? m_session->openError() : tr("Hearth is not open.");
    try {
        SignalBook book(*m_session->store(), m_session->content());
        action(book);
    } catch (const Error &e) {
        return qstr(e.what());
    } catch (const std::exception &e) {
        return tr("Something went wrong: %1").arg(qstr(e.what()));
    }
    return {};
}

QString SignalMessagesModel::send(const QString &kind, const QString &signalId, const QString &time)
{
    if (!m_session)
        return tr("Hearth is not open.");
    const SignalKind *k = m_session->content().signalKind(str(kind));
    if (kind != u"own" && !k)
        return tr("There is no signal called “%1”.").arg(kind);
    QString error;
    const qint64 until = untilOf(time, k && k->asksTime, error);
    if (!error.isEmpty())
        return error;
    return run([&](SignalBook &book) { book.send(str(kind), str(signalId), until); });
}

QString SignalMessagesModel::reply(const QString &messageId, const QString &replyId, const QString &time)
{
    if (!m_session)
        return tr("Hearth is not open.");
    const QuickReply *r = m_session->content().quickReply(str(replyId));
    if (!r)
        return tr("There is no reply called “%1”.").arg(replyId);
    QString error;
    const qint64 until = untilOf(time, r->asksTime, error);
    if (!error.isEmpty())
        return error;
    return run([&](SignalBook &book) { book.reply(str(messageId), str(replyId), until); });
}

QString SignalMessagesModel::dismiss(const QString &messageId)
{
    const QString error = run([&](SignalBook &book) { book.dismiss(str(messageId)); });
    // Dismissing is this device's own note, not a change of the couple's data: tell every view.
    if (error.isEmpty() && m_session)
        emit m_session->dataChanged();
    return error;
}

void SignalMessagesModel::updateRows(std::vector<Row> rows)
{
    usmodel::syncRows(m_rows, std::move(rows), [this](usmodel::RowOp op, int a, int b) {
        switch (op) {
        case usmodel::RowOp::BeginRemove: beginRemoveRows({}, a, b); break;
        case usmodel::RowOp::EndRemove: endRemoveRows(); break;
        case usmodel::RowOp::BeginMove: beginMoveRows({}, a, a, {}, b); break;
        case usmodel::RowOp::EndMove: endMoveRows(); break;
        case usmodel::RowOp::BeginInsert: beginInsertRows({}, a, b); break;
        case usmodel::RowOp::EndInsert: endInsertRows(); break;
        case usmodel::RowOp::Changed: emit dataChanged(index(a), index(b)); break;
        }
    });
}

void SignalMessagesModel::refresh()
{
    m_refreshTimer.stop();
    std::vector<SignalMessage> messages;
    std::vector<SharedSignal> shared;
    repairtext::Members members;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            members = repairtext::Members::of(m_session);
            SignalBook book(*m_session->store(), m_session->content());
            messages = m_inbox ? book.inbox() : book.messages(std::size_t(m_limit));
            shared = book.sharedSignals();
        } catch (const std::exception &e) {
            qWarning("Could not read the signals: %s", e.what());
            return; // keep what was shown
        }
    }

    std::vector<Row> rows;
    rows.reserve(messages.size());
    const QString zone = m_session ? m_session->myTimeZone() : QString();
    for (const SignalMessage &m : messages) {
        const SignalKind *kind = m_session->content().signalKind(m.kind);
        Row row;
        row.id = qstr(m.id);
        row.kind = qstr(m.kind);
        row.signalId = qstr(m.signalId);
        row.icon = kind ? qstr(kind->icon) : kOwnIcon;
        row.text = qstr(m.text);
        row.meaning = qstr(m.meaning);
        if (m.untilAt > 0)
            row.untilText = signaltext::withTime(kind ? qstr(kind->timeLabel) : QString(),
                                                 m_session->timeIn(m.untilAt, zone));
        row.fromMe = members.isMe(m.sentBy);
        row.senderName = row.fromMe ? members.myName : members.name(m.sentBy);
        row.sentText = repairtext::when(*m_session, m.sentAt);
        row.agoText = m_session->agoText(m.sentAt);
        row.answered = m.answered();
        row.awaitingMe = !row.fromMe && !row.answered;
        row.reply = qstr(m.reply);
        if (row.answered) {
            const QuickReply *r = m_session->content().quickReply(m.reply);
            row.replyText = qstr(m.replyText);
            if (m.replyUntil > 0)
                row.replyText = tr("%1, %2").arg(row.replyText,
                                                  signaltext::withTime(r ? qstr(r->timeLabel) : QString(),
                                                                       m_session->timeIn(m.replyUntil, zone)));
            row.replierName = row.fromMe ? members.partnerName : members.myName;
            row.repliedText = m.repliedAt - m.sentAt < kDay && m.repliedAt >= m.sentAt
                                  ? m_session->timeIn(m.repliedAt, zone)
                                  : repairtext::when(*m_session, m.repliedAt);
        }
        rows.push_back(std::move(row));
    }

    QVariantList options;
    if (m_session) {
        for (const SignalKind &k : m_session->content().us().signalKinds)
            options << QVariantMap{{QStringLiteral("key"), qstr(k.id)},
                                   {QStringLiteral("kind"), qstr(k.id)},
                                   {QStringLiteral("signalId"), QString()},
                                   {QStringLiteral("label"), qstr(k.label)},
                                   {QStringLiteral("meaning"), QString()},
                                   {QStringLiteral("icon"), qstr(k.icon)},
                                   {QStringLiteral("asksTime"), k.asksTime},
                                   {QStringLiteral("timeLabel"), qstr(k.timeLabel)}};
        for (const SharedSignal &s : shared) {
            if (s.status != "ours")
                continue;
            options << QVariantMap{{QStringLiteral("key"), QStringLiteral("own:") + qstr(s.id)},
                                   {QStringLiteral("kind"), QStringLiteral("own")},
                                   {QStringLiteral("signalId"), qstr(s.id)},
                                   {QStringLiteral("label"), qstr(s.word)},
                                   {QStringLiteral("meaning"), qstr(s.meaning)},
                                   {QStringLiteral("icon"), kOwnIcon},
                                   {QStringLiteral("asksTime"), false},
                                   {QStringLiteral("timeLabel"), QString()}};
        }
    }

    const int countBefore = count();
    const std::vector<Row> before = m_rows;
    updateRows(std::move(rows));
    bool changed = countBefore != count() || before != m_rows;
    if (options != m_sendOptions) {
        m_sendOptions = std::move(options);
        changed = true;
    }
    if (changed) {
        ++m_revision;
        emit countChanged();
    }
}
