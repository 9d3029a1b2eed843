#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <set>
#include <string>

class Session;

namespace hearth {
struct RepairStep;
struct RepairView;
} // namespace hearth

/// One repair as its page shows it: the conflict, its status and the moves it may make, the
/// guide's steps with each partner's answer as far as this device may read it, the breaks
/// called, and (once repaired) the plans kept as commitments. Also the phrases of the lighter
/// "repair attempt" guide, which need no repair.
///
/// A step is open to write when it is the turn for it: the calm step first (the rest waits until
/// both are calm enough), "what you heard" once the partner's side can be read, and accepting an
/// apology once the partner's apology can be read (docs/content.md). The calm step is not private:
/// each partner's answer can be read as soon as it is shared, and the rest opens once both said
/// they are ready. Actions return "" or a message a person can read, and change nothing when they
/// refuse; what they change is read at once. Changes from elsewhere (a sync) are read on the next
/// turn of the event loop, a burst of them once.
class RepairFlow : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString repairId READ repairId WRITE setRepairId NOTIFY repairIdChanged)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    /// "open", "cooling", "talking" or "repaired".
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusText READ statusText NOTIFY changed)
    Q_PROPERTY(int intensity READ intensity NOTIFY changed)
    Q_PROPERTY(QString intensityLabel READ intensityLabel NOTIFY changed)
    /// Topic labels.
    Q_PROPERTY(QStringList topics READ topics NOTIFY changed)
    /// "Yesterday, 21:30" in my zone.
    Q_PROPERTY(QString happenedText READ happenedText NOTIFY changed)
    Q_PROPERTY(QString startedByName READ startedByName NOTIFY changed)
    Q_PROPERTY(QString guideTitle READ guideTitle NOTIFY changed)
    Q_PROPERTY(QString guidePurpose READ guidePurpose NOTIFY changed)
    Q_PROPERTY(QString guideCredit READ guideCredit NOTIFY changed)
    /// "Repaired in 2 days", or "".
    Q_PROPERTY(QString timeToRepairText READ timeToRepairText NOTIFY changed)
    /// Per step, in the guide's order: {id, title, kind, instructions, prompt, placeholder,
    /// isPrivate, required, choices [{id,label}], groups [{id,label,feelings:[{id,label}]}],
    /// needs [{id,label}], maxChoices, maxLength, myDraft (the raw answer or null), hasDraft,
    /// mineSubmitted, mine (display-ready text), mineItems (labels, for choice steps),
    /// partnerSubmitted, revealed (both written and the partner's opened), partnerVisible (the
    /// partner's answer can be read: once revealed, or as soon as shared for a step that is not
    /// private), partner, partnerItems, partnerText (where the partner is with it, in words),
    /// locked, lockedText, editable, skipped, state ("done", "waiting", "current", "locked",
    /// "skipped", "future", "unwritten")}.
    Q_PROPERTY(QVariantList steps READ steps NOTIFY changed)
    Q_PROPERTY(int stepCount READ stepCount NOTIFY changed)
    /// The step to write now (the first I have not written that is open to me), -1 when none.
    Q_PROPERTY(int currentStep READ currentStep NOTIFY changed)
    /// Steps both have written.
    Q_PROPERTY(int doneCount READ doneCount NOTIFY changed)
    /// The status moves allowed now: [{status, label, final}].
    Q_PROPERTY(QVariantList moves READ moves NOTIFY changed)
    /// [{id, calledByName, calledByMe, whenText, minutes, returnText, active}], newest first.
    Q_PROPERTY(QVariantList breaks READ breaks NOTIFY changed)
    /// The plans kept from this repair: [{text, memberName, mine, statusText}].
    Q_PROPERTY(QVariantList commitments READ commitments NOTIFY changed)
    Q_PROPERTY(QString partnerName READ partnerName NOTIFY changed)
    /// The repair-attempt guide: its words and its phrases by group
    /// [{id, label, phrases: [{id, text}]}].
    Q_PROPERTY(QString phrasesTitle READ phrasesTitle CONSTANT)
    Q_PROPERTY(QString phrasesPurpose READ phrasesPurpose CONSTANT)
    Q_PROPERTY(QString phrasesInstructions READ phrasesInstructions CONSTANT)
    Q_PROPERTY(QString phrasesCredit READ phrasesCredit CONSTANT)
    Q_PROPERTY(QVariantList phrases READ phrases CONSTANT)

public:
    explicit RepairFlow(QObject *parent = nullptr);
    RepairFlow(Session *session, QObject *parent);

    [[nodiscard]] QString repairId() const { return m_repairId; }
    void setRepairId(const QString &id);
    [[nodiscard]] bool exists() const { return m_exists; }
    [[nodiscard]] QString title() const { return m_title; }
    [[nodiscard]] QString status() const { return m_status; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] int intensity() const { return m_intensity; }
    [[nodiscard]] QString intensityLabel() const;
    [[nodiscard]] QStringList topics() const { return m_topics; }
    [[nodiscard]] QString happenedText() const { return m_happenedText; }
    [[nodiscard]] QString startedByName() const { return m_startedByName; }
    [[nodiscard]] QString guideTitle() const { return m_guideTitle; }
    [[nodiscard]] QString guidePurpose() const { return m_guidePurpose; }
    [[nodiscard]] QString guideCredit() const { return m_guideCredit; }
    [[nodiscard]] QString timeToRepairText() const { return m_timeToRepairText; }
    [[nodiscard]] QVariantList steps() const { return m_steps; }
    [[nodiscard]] int stepCount() const { return int(m_steps.size()); }
    [[nodiscard]] int currentStep() const { return m_currentStep; }
    [[nodiscard]] int doneCount() const { return m_doneCount; }
    [[nodiscard]] QVariantList moves() const;
    [[nodiscard]] QVariantList breaks() const { return m_breaks; }
    [[nodiscard]] QVariantList commitments() const { return m_commitments; }
    [[nodiscard]] QString partnerName() const;
    [[nodiscard]] QString phrasesTitle() const;
    [[nodiscard]] QString phrasesPurpose() const;
    [[nodiscard]] QString phrasesInstructions() const;
    [[nodiscard]] QString phrasesCredit() const;
    [[nodiscard]] QVariantList phrases() const;

    /// Keeps my answer to a step privately: a choice id (calm), a list of ids (feelings,
    /// needs), text (text, apology, plan) or {choice, note} (acceptance).
    Q_INVOKABLE QString saveStep(const QString &stepId, const QVariant &value);
    /// Shares my drafted answer; the partner reads it once they have written theirs.
    Q_INVOKABLE QString submitStep(const QString &stepId);
    /// Passes over an optional step on this device (it can still be written later).
    Q_INVOKABLE QString skipStep(const QString &stepId);
    /// "cooling", "talking" or "repaired" (final).
    Q_INVOKABLE QString setStatus(const QString &status);
    /// A flooding break from this repair, of `minutes` (at least the content's minimum).
    Q_INVOKABLE QString callBreak(int minutes);
    /// Puts a phrase on the clipboard.
    Q_INVOKABLE void copyText(const QString &text) const;

    Q_INVOKABLE void refresh();

signals:
    void repairIdChanged();
    void changed();

private:
    QString run(const std::function<void()> &action);
    /// Why `step` of `view` cannot be written yet, or "" when it can.
    [[nodiscard]] QString lockedReason(const hearth::RepairView &view, std::size_t index) const;
    [[nodiscard]] std::set<std::string> skipped() const;
    /// The step's definition in this repair's guide, or nullptr.
    [[nodiscard]] const hearth::RepairStep *stepDef(const QString &stepId) const;
    /// "" when the step is open to me now, else why not.
    QString checkWritable(const QString &stepId);

    Session *m_session;
    QTimer m_refreshTimer;
    QString m_repairId;
    bool m_exists = false;
    QString m_title, m_status, m_happenedText, m_startedByName, m_guideId, m_guideTitle,
        m_guidePurpose, m_guideCredit, m_timeToRepairText;
    int m_intensity = 0;
    QStringList m_topics;
    QVariantList m_steps;
    int m_currentStep = -1;
    int m_doneCount = 0;
    QVariantList m_breaks;
    QVariantList m_commitments;
};
