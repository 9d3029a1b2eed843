#pragma once

#include <QAbstractListModel>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <cstddef>
#include <vector>

class Session;

/// Every check-in of the couple, newest first, with where each one stands; the question sets a
/// new one can start from; and the trends the answers show over the weeks.
class CheckInsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /// How many are not finished yet.
    Q_PROPERTY(int openCount READ openCount NOTIFY countChanged)
    /// The newest check-in not finished yet, or "".
    Q_PROPERTY(QString newestOpenId READ newestOpenId NOTIFY countChanged)
    /// The question sets to start from: [{id, title, purpose, durationMinutes, questionCount,
    /// openCheckinId (the newest unfinished check-in of that set, or "")}].
    Q_PROPERTY(QVariantList sets READ sets NOTIFY countChanged)
    /// For the charts, weeks in my time zone: {hasData, scaleMin, scaleMax,
    /// weeks: [{weekOf, label}], people: [{memberId, name, colour, mine, mood, closeness, stress
    /// (each [{weekOf, label, average, answers}], oldest first), needs: [{id, label, count}]}],
    /// needs: [{id, label, counts (per person, in the order of people), total}] (most named first,
    /// at most kTopNeeds), maxNeedCount}.
    Q_PROPERTY(QVariantMap trends READ trends NOTIFY trendsChanged)

public:
    enum Role {
        CheckinIdRole = Qt::UserRole + 1,
        TitleRole,
        SetIdRole,
        DateTextRole,
        StartedAtRole,
        StartedByMeRole,
        HasDraftRole,
        MineSubmittedRole,
        PartnerSubmittedRole,
        RevealedRole,
        FinishedRole,
        StatusRole,
        StatusTextRole,
        FromRitualRole,
    };
    Q_ENUM(Role)

    static constexpr int kTopNeeds = 6;

    explicit CheckInsModel(QObject *parent = nullptr);
    CheckInsModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int count() const { return int(m_rows.size()); }
    [[nodiscard]] int openCount() const;
    [[nodiscard]] QString newestOpenId() const;
    [[nodiscard]] QVariantList sets() const { return m_sets; }
    [[nodiscard]] QVariantMap trends() const { return m_trends; }

    /// Starts a check-in of a question set, on its own or from a ritual's occurrence:
    /// {checkinId} or {error}.
    Q_INVOKABLE QVariantMap start(const QString &setId, const QString &ritualId = {},
                                  const QString &localStart = {});
    Q_INVOKABLE void refresh();

signals:
    void countChanged();
    void trendsChanged();

private:
    struct Row {
        QString checkinId, title, setId, dateText, status, statusText;
        qint64 startedAt = 0;
        bool startedByMe = false, hasDraft = false, mineSubmitted = false, partnerSubmitted = false,
             revealed = false, finished = false, fromRitual = false;
        bool operator==(const Row &) const = default;
    };
    void refreshTrends(std::size_t signature);

    Session *m_session;
    std::vector<Row> m_rows;
    QVariantList m_sets;
    QVariantMap m_trends;
    std::size_t m_trendsSignature = 0;
};
