#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

#include "repairs.h"

class Session;

/// The repair log (newest conflict first), filtered by topic and status, with what the Repairs
/// pane shows around it: repairs per month, the median time to repair, the couple's commitments
/// and the choices for starting a repair.
///
/// It reads the log once per change of the data (a burst of changes, such as a sync or a draft
/// saved and shared, is read once, on the next turn of the event loop), filters it in memory, and
/// updates the rows in place: a row whose repair changed says so, new ones are inserted and gone
/// ones removed, so the list's delegates and scroll position stay. refresh() reads at once.
class RepairsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    /// A topic id, or "" for every topic.
    Q_PROPERTY(QString topicFilter READ topicFilter WRITE setTopicFilter NOTIFY filterChanged)
    /// "open", "cooling", "talking", "repaired", or "" for every status.
    Q_PROPERTY(QString statusFilter READ statusFilter WRITE setStatusFilter NOTIFY filterChanged)
    /// Rows shown (after the filters).
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /// Every repair, whatever the filters say.
    Q_PROPERTY(int totalCount READ totalCount NOTIFY countChanged)
    /// The newest repair not yet repaired, else "".
    Q_PROPERTY(QString openRepairId READ openRepairId NOTIFY countChanged)
    /// The newest repair, else "".
    Q_PROPERTY(QString newestRepairId READ newestRepairId NOTIFY countChanged)
    /// [{id, label}] in the content's order.
    Q_PROPERTY(QVariantList topics READ topics CONSTANT)
    /// The longest title a repair may have, in characters.
    Q_PROPERTY(int maxTitle READ maxTitle CONSTANT)
    /// [{id, label}]: open, cooling, talking, repaired.
    Q_PROPERTY(QVariantList statuses READ statuses CONSTANT)
    /// [{value, label}], 1 to 5.
    Q_PROPERTY(QVariantList intensityLevels READ intensityLevels CONSTANT)
    /// [{id, title, purpose, kind}]; kind "steps" (a repair) or "phrases" (a repair attempt).
    Q_PROPERTY(QVariantList guides READ guides CONSTANT)
    /// [{month: "2025-10", label: "Oct", longLabel: "October 2025", count}], oldest first: the
    /// last six months at least, back to the first repair within a year.
    Q_PROPERTY(QVariantList perMonth READ perMonth NOTIFY countChanged)
    /// "Half of your repairs took 3 hours or less", or "" before any repair is finished.
    Q_PROPERTY(QString medianText READ medianText NOTIFY countChanged)
    /// [{id, text, memberName, mine, createdText, status, statusText, repairId, repairTitle}],
    /// newest first.
    Q_PROPERTY(QVariantList commitments READ commitments NOTIFY countChanged)
    /// Now in my zone, as the start form's defaults: "YYYY-MM-DD" and "HH:MM".
    Q_PROPERTY(QString todayText READ todayText NOTIFY countChanged)
    Q_PROPERTY(QString nowTimeText READ nowTimeText NOTIFY countChanged)

public:
    enum Role {
        RepairIdRole = Qt::UserRole + 1,
        TitleRole,
        DateTextRole,
        IntensityRole,
        IntensityLabelRole,
        TopicsRole,
        StatusRole,
        StatusTextRole,
        TimeToRepairTextRole,
        StartedByMeRole,
    };
    Q_ENUM(Role)

    explicit RepairsModel(QObject *parent = nullptr);
    RepairsModel(Session *session, QObject *parent);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString topicFilter() const { return m_topicFilter; }
    void setTopicFilter(const QString &topic);
    [[nodiscard]] QString statusFilter() const { return m_statusFilter; }
    void setStatusFilter(const QString &status);
    [[nodiscard]] int count() const { return int(m_rows.size()); }
    [[nodiscard]] int totalCount() const { return m_totalCount; }
    [[nodiscard]] QString openRepairId() const { return m_openRepairId; }
    [[nodiscard]] QString newestRepairId() const { return m_newestRepairId; }
    [[nodiscard]] QVariantList topics() const;
    [[nodiscard]] static int maxTitle() { return int(hearth::Repairs::kMaxTitle); }
    [[nodiscard]] QVariantList statuses() const;
    [[nodiscard]] QVariantList intensityLevels() const;
    [[nodiscard]] QVariantList guides() const;
    [[nodiscard]] QVariantList perMonth() const { return m_perMonth; }
    [[nodiscard]] QString medianText() const { return m_medianText; }
    [[nodiscard]] QVariantList commitments() const { return m_commitments; }
    [[nodiscard]] QString todayText() const;
    [[nodiscard]] QString nowTimeText() const;

    /// Starts a repair. Returns {repairId} when it was saved, else {field: message} for each
    /// field that needs a look (title, happenedAt, intensity, topics, guideId, form) and nothing
    /// is written. `topicIds` is a list of topic ids.
    Q_INVOKABLE QVariantMap start(const QString &title, qint64 happenedAtMs, int intensity,
                                  const QVariantList &topicIds, const QString &guideId);
    /// "YYYY-MM-DD" and "HH:MM" in my zone as a UTC instant; 0 when they are not a valid time.
    Q_INVOKABLE qint64 localToUtcMs(const QString &date, const QString &time) const;
    Q_INVOKABLE QString topicLabel(const QString &topicId) const;

    /// Reads the log again now (a change of the data does it on the next turn of the event loop).
    Q_INVOKABLE void refresh();

signals:
    void filterChanged();
    void countChanged();

private:
    /// A repair as its row shows it; what the filters look at.
    struct Row {
        QString id;
        QString title;
        QString dateText;
        int intensity = 0;
        QString intensityLabel;
        QStringList topicLabels;
        QString status;
        QString statusText;
        QString timeToRepairText;
        bool startedByMe = false;
        std::vector<std::string> topicIds;
        bool operator==(const Row &) const = default;
    };

    /// The rows the filters let through, in the log's order.
    [[nodiscard]] std::vector<Row> filtered() const;
    /// Makes the shown rows `rows`, with the fewest changes the views need to hear of.
    void updateRows(std::vector<Row> rows);

    Session *m_session;
    QTimer m_refreshTimer;
    QString m_topicFilter;
    QString m_statusFilter;
    std::vector<Row> m_all;  ///< every repair, newest conflict first
    std::vector<Row> m_rows; ///< the ones shown
    int m_totalCount = 0;
    QString m_openRepairId;
    QString m_newestRepairId;
    QVariantList m_perMonth;
    QString m_medianText;
    QVariantList m_commitments;
};

/// Words the repair classes share.
namespace repairtext {
/// "Open", "Cooling off", "Talking", "Repaired".
QString statusText(const QString &status);
/// "40 minutes", "3 hours", "2 days".
QString duration(qint64 ms);
/// "Repaired in 2 days", or "" before it is repaired.
QString timeToRepair(const hearth::RepairView &repair);
/// "Yesterday, 21:30" in my zone.
QString when(const Session &session, qint64 utcMs);
/// A commitment's status in words: "Keeping to it", "Kept", "Set aside".
QString commitmentStatus(const QString &status);

/// The couple as this device knows them, read once (a refresh's worth) instead of asking the
/// profile for every row. Empty when there is no profile or it can't be read.
struct Members {
    std::string me;
    std::string partner;
    QString myName;
    QString partnerName;

    /// Reads the profile; never throws.
    static Members of(const Session *session);
    [[nodiscard]] bool isMe(const std::string &memberId) const { return !memberId.empty() && memberId == me; }
    /// A member's first name ("" for an unknown id).
    [[nodiscard]] QString name(const std::string &memberId) const;
};
} // namespace repairtext
