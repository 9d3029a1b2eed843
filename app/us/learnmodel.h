#pragma once

#include "maplistmodel.h"

#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "needs.h"

class Session;

/// The Learn cards (content/cards.json) in the file's order, grouped by topic, with whether I
/// wrote a private reflection on each; one card in full; saving that reflection; and the
/// sections of the safety page (content/us.json).
///
/// Reflections are read once per burst of changes, on the next turn of the event loop.
class LearnModel : public MapListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /// The first card, else "".
    Q_PROPERTY(QString firstCardId READ firstCardId NOTIFY countChanged)
    /// [{id, label, cards: [{cardId, title, summary, hasReflection}]}], topics in the file's
    /// order, only those with cards.
    Q_PROPERTY(QVariantList groups READ groups NOTIFY countChanged)
    /// What a reflection is and is not: not a diagnosis.
    Q_PROPERTY(QString reflectionNote READ reflectionNote CONSTANT)
    /// [{id, heading, paragraphs: [text]}] in the file's order.
    Q_PROPERTY(QVariantList safetySections READ safetySections CONSTANT)
    Q_PROPERTY(int maxReflection READ maxReflection CONSTANT)

public:
    enum Role {
        CardIdRole = Qt::UserRole + 1,
        TopicIdRole,
        TopicLabelRole,
        TitleRole,
        SummaryRole,
        HasReflectionRole,
    };
    Q_ENUM(Role)

    explicit LearnModel(QObject *parent = nullptr);
    LearnModel(Session *session, QObject *parent);

    [[nodiscard]] int count() const { return int(rows().size()); }
    [[nodiscard]] QString firstCardId() const;
    [[nodiscard]] QVariantList groups() const { return m_groups; }
    [[nodiscard]] QString reflectionNote() const;
    [[nodiscard]] QVariantList safetySections() const;
    [[nodiscard]] static int maxReflection() { return int(hearth::Needs::kMaxReflection); }

    /// One card in full: {cardId, topicLabel, title, summary, body: [paragraph], sources:
    /// [{citation, url}], reflectionPrompt, reflection (mine, "" when none)}; {} when there is
    /// no such card.
    Q_INVOKABLE QVariantMap card(const QString &cardId) const;
    /// My reflection on a card ("" when none).
    Q_INVOKABLE QString reflection(const QString &cardId) const;
    /// Saves my private reflection on a card; empty text deletes it. "" when saved, else why not
    /// (and nothing is written).
    Q_INVOKABLE QString saveReflection(const QString &cardId, const QString &text);

    /// Reads the reflections again now.
    Q_INVOKABLE void refresh();

signals:
    void countChanged();

private:
    Session *m_session;
    QTimer m_refreshTimer;
    QVariantList m_groups;
};
