#pragma once

#include <QAbstractListModel>
#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <vector>

namespace hearth {
class Agreements;
}

class Session;

/// The couple's agreements (what we do in a situation that is hard for one of us), filtered:
/// the proposed ones, the current ones (active and to revisit, review due first), the ones whose
/// review is due, the retired ones. With the examples the content offers and the actions:
/// propose, agree, suggest a change, set the status, review.
///
/// Read once per change of the data (a burst is read once, on the next turn of the event loop),
/// rows updated in place. Every action returns "" or a message a person can read (the forms a
/// map of field -> message), and a refused action changes nothing.
class AgreementsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    /// "proposed", "current" (active and to revisit), "due" (active with its review due: one
    /// marked to revisit is already being talked over), "retired", or "" for all.
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
    /// Rows shown (after the filter).
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /// Every agreement, whatever the filter says.
    Q_PROPERTY(int totalCount READ totalCount NOTIFY countChanged)
    Q_PROPERTY(int proposedCount READ proposedCount NOTIFY countChanged)
    Q_PROPERTY(int currentCount READ currentCount NOTIFY countChanged)
    Q_PROPERTY(int retiredCount READ retiredCount NOTIFY countChanged)
    Q_PROPERTY(int dueCount READ dueCount NOTIFY countChanged)
    /// Proposed by my partner, waiting for my answer.
    Q_PROPERTY(int awaitingMeCount READ awaitingMeCount NOTIFY countChanged)
    /// The first agreement of the list, else "".
    Q_PROPERTY(QString firstId READ firstId NOTIFY countChanged)
    /// Goes up whenever anything read changed: bind to it to read get(id) again.
    Q_PROPERTY(int revision READ revision NOTIFY countChanged)
    /// [{situation, action}] from the content, to start from.
    Q_PROPERTY(QVariantList examples READ examples CONSTANT)
    /// The examples for a situation no agreement of ours (not retired) is about yet.
    Q_PROPERTY(QVariantList suggestions READ suggestions NOTIFY countChanged)
    Q_PROPERTY(int maxSituation READ maxSituation CONSTANT)
    Q_PROPERTY(int maxAction READ maxAction CONSTANT)
    /// Today in my zone, "YYYY-MM-DD", and the review date a kept agreement gets by default
    /// (three months on).
    Q_PROPERTY(QString todayText READ todayText NOTIFY countChanged)
    Q_PROPERTY(QString nextReviewDefault READ nextReviewDefault NOTIFY countChanged)

public:
    enum Role {
        AgreementIdRole = Qt::UserRole + 1,
        SituationRole,
        ActionRole,
        StatusRole,
        StatusTextRole,
        ProposerNameRole,
        MineRole,
        AwaitingMeRole,
        ProposedTextRole,
        AgreedTextRole,
        ReviewOnRole,
        ReviewTextRole,
        ReviewDueRole,
        RepairIdRole,
        RepairTitleRole,
    };
    Q_ENUM(Role)

    explicit AgreementsModel(QObject *parent = nullptr);
    AgreementsModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString filter() const { return m_filter; }
    void setFilter(const QString &filter);
    [[nodiscard]] int count() const { return int(m_rows.size()); }
    [[nodiscard]] int totalCount() const { return int(m_all.size()); }
    [[nodiscard]] int proposedCount() const { return m_proposedCount; }
    [[nodiscard]] int currentCount() const { return m_currentCount; }
    [[nodiscard]] int retiredCount() const { return m_retiredCount; }
    [[nodiscard]] int dueCount() const { return m_dueCount; }
    [[nodiscard]] int awaitingMeCount() const { return m_awaitingMeCount; }
    [[nodiscard]] QString firstId() const { return m_all.empty() ? QString() : m_all.front().id; }
    [[nodiscard]] int revision() const { return m_revision; }
    [[nodiscard]] QVariantList examples() const;
    [[nodiscard]] QVariantList suggestions() const { return m_suggestions; }
    [[nodiscard]] static int maxSituation();
    [[nodiscard]] static int maxAction();
    [[nodiscard]] QString todayText() const;
    [[nodiscard]] QString nextReviewDefault() const;

    /// One agreement as its rows show it ({agreementId, situation, action, status, ...}), or {}.
    Q_INVOKABLE QVariantMap get(const QString &agreementId) const;
    /// Proposes an agreement: {agreementId} when it was saved, else {field: message} for
    /// "situation", "action", "reviewOn" or "form", and nothing is written.
    Q_INVOKABLE QVariantMap propose(const QString &situation, const QString &action, const QString &reviewOn,
                                    const QString &repairId);
    /// Changes an agreement's text and review date; my partner is asked again.
    Q_INVOKABLE QVariantMap suggestChange(const QString &agreementId, const QString &situation,
                                          const QString &action, const QString &reviewOn);
    /// A draft from a commitment made at the end of a repair: {situation, action, reviewOn,
    /// repairId}, or {error}.
    Q_INVOKABLE QVariantMap fromCommitment(const QString &commitmentId) const;
    Q_INVOKABLE QString agree(const QString &agreementId);
    /// "active", "revisit" or "retired".
    Q_INVOKABLE QString setStatus(const QString &agreementId, const QString &status);
    /// "YYYY-MM-DD" after today, or "" for none.
    Q_INVOKABLE QString setReviewDate(const QString &agreementId, const QString &reviewOn);
    /// A review that kept it: "Still works". Active again, next review on `nextReview`.
    Q_INVOKABLE QString keep(const QString &agreementId, const QString &nextReview);
    /// An agreement (not retired) already says `action` and came from the repair `repairId`: a
    /// commitment that was made into one.
    Q_INVOKABLE bool hasAgreementFrom(const QString &repairId, const QString &action) const;
    /// "Review on 12 January", "Review due", or "" for no date.
    Q_INVOKABLE QString reviewText(const QString &reviewOn, bool due) const;
    /// "Active", "To revisit", "Retired", "Waiting for Jonas", "Waiting for you".
    Q_INVOKABLE QString statusText(const QString &status, bool mine) const;

    /// Reads the agreements again now.
    Q_INVOKABLE void refresh();

signals:
    void filterChanged();
    void countChanged();

private:
    struct Row {
        QString id;
        QString situation;
        QString action;
        QString status;
        QString statusText;
        QString proposerName;
        bool mine = false;
        bool awaitingMe = false;
        QString proposedText;
        QString agreedText;
        QString reviewOn;
        QString reviewText;
        bool reviewDue = false;
        QString repairId;
        QString repairTitle;
        bool operator==(const Row &) const = default;
    };

    [[nodiscard]] std::vector<Row> filtered() const;
    void updateRows(std::vector<Row> rows);
    /// Checks the form as the core will, so it can show every message at once.
    [[nodiscard]] QVariantMap checkDraft(const QString &situation, const QString &action,
                                         const QString &reviewOn) const;
    QString run(const std::function<void(hearth::Agreements &)> &action);

    Session *m_session;
    QTimer m_refreshTimer;
    QString m_filter;
    std::vector<Row> m_all;
    std::vector<Row> m_rows;
    int m_proposedCount = 0;
    int m_currentCount = 0;
    int m_retiredCount = 0;
    int m_dueCount = 0;
    int m_awaitingMeCount = 0;
    int m_revision = 0;
    QString m_today;
    QVariantList m_suggestions;
};
