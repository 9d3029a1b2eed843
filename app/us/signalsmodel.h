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

/// The couple's shared signals (code words with an agreed meaning), filtered by status: the ones
/// waiting for an answer, the ones that are ours, the retired ones. With the examples the content
/// offers and the actions: propose, accept, suggest a change, retire.
///
/// Read once per change of the data (a burst is read once, on the next turn of the event loop),
/// rows updated in place. Every action returns "" or a message a person can read, and a refused
/// action changes nothing.
class SignalsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    /// "proposed", "ours", "retired", or "" for every signal.
    Q_PROPERTY(QString statusFilter READ statusFilter WRITE setStatusFilter NOTIFY filterChanged)
    /// Rows shown (after the filter).
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int oursCount READ oursCount NOTIFY countChanged)
    Q_PROPERTY(int proposedCount READ proposedCount NOTIFY countChanged)
    /// Proposed by my partner, waiting for my answer.
    Q_PROPERTY(int awaitingMeCount READ awaitingMeCount NOTIFY countChanged)
    /// Goes up whenever anything read changed: bind to it to read get(id) again.
    Q_PROPERTY(int revision READ revision NOTIFY countChanged)
    /// [{word, meaning}] from the content, to start from.
    Q_PROPERTY(QVariantList examples READ examples CONSTANT)
    /// The examples whose word no signal of ours (proposed or agreed) has yet.
    Q_PROPERTY(QVariantList suggestions READ suggestions NOTIFY countChanged)
    Q_PROPERTY(int maxWord READ maxWord CONSTANT)
    Q_PROPERTY(int maxMeaning READ maxMeaning CONSTANT)

public:
    enum Role {
        SignalIdRole = Qt::UserRole + 1,
        WordRole,
        MeaningRole,
        StatusRole,
        StatusTextRole,
        ProposerNameRole,
        MineRole,
        AwaitingMeRole,
        ProposedTextRole,
        AcceptedTextRole,
    };
    Q_ENUM(Role)

    explicit SignalsModel(QObject *parent = nullptr);
    SignalsModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString statusFilter() const { return m_statusFilter; }
    void setStatusFilter(const QString &status);
    [[nodiscard]] int count() const { return int(m_rows.size()); }
    [[nodiscard]] int oursCount() const { return m_oursCount; }
    [[nodiscard]] int proposedCount() const { return m_proposedCount; }
    [[nodiscard]] int awaitingMeCount() const { return m_awaitingMeCount; }
    [[nodiscard]] int revision() const { return m_revision; }
    [[nodiscard]] QVariantList examples() const;
    [[nodiscard]] QVariantList suggestions() const { return m_suggestions; }
    [[nodiscard]] static int maxWord();
    [[nodiscard]] static int maxMeaning();

    /// One signal as its rows show it ({signalId, word, meaning, status, ...}), or {} when there
    /// is none with that id.
    Q_INVOKABLE QVariantMap get(const QString &signalId) const;
    /// Proposes a signal: {signalId} when it was saved, else {field: message} for "word",
    /// "meaning" or "form", and nothing is written.
    Q_INVOKABLE QVariantMap propose(const QString &word, const QString &meaning);
    /// Suggests another word or meaning for a signal: {signalId} or {field: message}.
    Q_INVOKABLE QVariantMap suggestChange(const QString &signalId, const QString &word, const QString &meaning);
    Q_INVOKABLE QString accept(const QString &signalId);
    Q_INVOKABLE QString retire(const QString &signalId);

    /// Reads the signals again now.
    Q_INVOKABLE void refresh();

signals:
    void filterChanged();
    void countChanged();

private:
    struct Row {
        QString id;
        QString word;
        QString meaning;
        QString status;
        QString statusText;
        QString proposerName;
        bool mine = false;
        bool awaitingMe = false;
        QString proposedText;
        QString acceptedText;
        bool operator==(const Row &) const = default;
    };

    [[nodiscard]] std::vector<Row> filtered() const;
    void updateRows(std::vector<Row> rows);
    /// Checks both texts as the core will, so the form can show every message at once.
    [[nodiscard]] QVariantMap checkTexts(const QString &word, const QString &meaning) const;
    /// Runs a write: "" or the message of what stopped it.
    QString run(const std::function<void(hearth::SignalBook &)> &action);

    Session *m_session;
    QTimer m_refreshTimer;
    QString m_statusFilter;
    std::vector<Row> m_all;
    std::vector<Row> m_rows;
    int m_oursCount = 0;
    int m_proposedCount = 0;
    int m_awaitingMeCount = 0;
    int m_revision = 0;
    QVariantList m_suggestions;
};
