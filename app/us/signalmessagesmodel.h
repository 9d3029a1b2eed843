#pragma once

#include <QAbstractListModel>
#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <vector>

namespace hearth {
class SignalBook;
}


class Session;

/// The short messages the couple sends each other with one tap ("I need a hug", "Pausing, back
/// at 20:30"), newest first: either every recent one with its reply (mode "history"), or the
/// ones waiting for my answer on this device (mode "inbox", for the top of Today). With what
/// there is to send (the content's kinds, then our own signals) and to answer with.
///
/// Read once per change of the data, rows updated in place; refresh() also brings the "2 min
/// ago" texts up to date, and lets an inbox message that grew too old go. Every action returns
/// "" or a message a person can read, and a refused action changes nothing.
class SignalMessagesModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    /// "history" (every message, at most `limit`) or "inbox" (to me, unanswered, not dismissed).
    Q_PROPERTY(QString mode READ mode WRITE setMode NOTIFY modeChanged)
    /// The most messages the history shows.
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY modeChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /// Goes up whenever anything read changed.
    Q_PROPERTY(int revision READ revision NOTIFY countChanged)
    /// What one tap can send, built-in kinds first, then our accepted signals: [{key, kind,
    /// signalId, label, meaning, icon, asksTime, timeLabel}]; `key` is the kind, or "own:" and the
    /// signal's id.
    Q_PROPERTY(QVariantList sendOptions READ sendOptions NOTIFY countChanged)
    /// Quick replies: [{id, label, asksTime, timeLabel}].
    Q_PROPERTY(QVariantList replies READ replies CONSTANT)
    /// The first kind that asks for a time ("pause"), or "".
    Q_PROPERTY(QString firstTimedKind READ firstTimedKind CONSTANT)

public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1,
        KindRole,
        SignalIdRole,
        IconRole,
        TextRole,
        MeaningRole,
        UntilTextRole,
        FromMeRole,
        SenderNameRole,
        SentTextRole,
        AgoTextRole,
        AnsweredRole,
        AwaitingMeRole,
        ReplyRole,
        ReplyTextRole,
        ReplierNameRole,
        RepliedTextRole,
    };
    Q_ENUM(Role)

    explicit SignalMessagesModel(QObject *parent = nullptr);
    SignalMessagesModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString mode() const { return m_inbox ? QStringLiteral("inbox") : QStringLiteral("history"); }
    void setMode(const QString &mode);
    [[nodiscard]] int limit() const { return m_limit; }
    void setLimit(int limit);
    [[nodiscard]] int count() const { return int(m_rows.size()); }
    [[nodiscard]] int revision() const { return m_revision; }
    [[nodiscard]] QVariantList sendOptions() const { return m_sendOptions; }
    [[nodiscard]] QVariantList replies() const;
    [[nodiscard]] QString firstTimedKind() const;

    /// The send option for a kind, or for "own" with a signal id: {} when there is none.
    Q_INVOKABLE QVariantMap option(const QString &kind, const QString &signalId) const;
    /// Sends a kind (or "own" with one of our signals) now. `time` ("HH:MM", my time, the next
    /// time it comes) is needed by a kind that asks for one and ignored otherwise.
    Q_INVOKABLE QString send(const QString &kind, const QString &signalId, const QString &time);
    /// Answers a message to me with a quick reply; `time` as for send.
    Q_INVOKABLE QString reply(const QString &messageId, const QString &replyId, const QString &time);
    /// Hides a message from this device's inbox without answering.
    Q_INVOKABLE QString dismiss(const QString &messageId);
    /// `minutes` from now in my time, up to the next five-minute mark: "20:30".
    Q_INVOKABLE QString timeAfter(int minutes) const;
    /// timeAfter(30): what a time field offers first.
    Q_INVOKABLE QString defaultTime() const { return timeAfter(30); }
    /// The next time "HH:MM" comes in my zone, as a UTC instant; 0 when it is not a time.
    Q_INVOKABLE qint64 nextTime(const QString &time) const;
    /// A time label with its time: ("back at {time}", "20:30") -> "back at 20:30".
    Q_INVOKABLE QString withTime(const QString &timeLabel, const QString &time) const;

    /// Reads the messages again now.
    Q_INVOKABLE void refresh();

signals:
    void modeChanged();
    void countChanged();

private:
    struct Row {
        QString id;
        QString kind;
        QString signalId;
        QString icon;
        QString text;
        QString meaning;
        QString untilText;
        bool fromMe = false;
        QString senderName;
        QString sentText;
        QString agoText;
        bool answered = false;
        bool awaitingMe = false;
        QString reply;
        QString replyText;
        QString replierName;
        QString repliedText;
        bool operator==(const Row &) const = default;
    };

    void updateRows(std::vector<Row> rows);
    /// The instant a time names, checked: 0 with `error` set when it is missing or not a time.
    qint64 untilOf(const QString &time, bool asksTime, QString &error) const;
    QString run(const std::function<void(hearth::SignalBook &)> &action);

    Session *m_session;
    QTimer m_refreshTimer;
    bool m_inbox = false;
    int m_limit = 50;
    std::vector<Row> m_rows;
    QVariantList m_sendOptions;
    int m_revision = 0;
};

/// Words the signal classes share.
namespace signaltext {
/// A time label with the time put in: "back at {time}" -> "back at 20:30"; "at 20:30" when the
/// label has no place for it.
QString withTime(const QString &timeLabel, const QString &time);
} // namespace signaltext
