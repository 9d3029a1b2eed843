#pragma once

#include "maplistmodel.h"

#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

#include "needs.h"

class Session;

namespace hearth {
struct Suggestion;
}

/// One partner's map: my needs, what activates me and what helps me settle (or, with `partner`,
/// what my partner shared with me), for the Needs tab and its editor.
///
/// `kind` narrows the rows to one part of the map. The rows are read once per burst of changes
/// (on the next turn of the event loop) and updated in place. Actions check what they are given
/// before anything is written and return a message (or a map of field -> message) a person can
/// read; nothing is written when they do.
class NeedsModel : public MapListModel {
    Q_OBJECT
    QML_ELEMENT
    /// "need", "trigger" or "helps"; "" for the whole map.
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY filterChanged)
    /// False: my own items. True: what my partner shares with me (read-only).
    Q_PROPERTY(bool partner READ partner WRITE setPartner NOTIFY filterChanged)
    /// Rows shown.
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /// Every item of this person's map, whatever `kind` says.
    Q_PROPERTY(int totalCount READ totalCount NOTIFY countChanged)
    /// How many of the rows shown are shared.
    Q_PROPERTY(int sharedCount READ sharedCount NOTIFY countChanged)
    /// For "what activates me": [{id: "situation" | "body" | "sign", label}].
    Q_PROPERTY(QVariantList details READ details CONSTANT)
    Q_PROPERTY(int maxText READ maxText CONSTANT)
    Q_PROPERTY(int maxNote READ maxNote CONSTANT)

public:
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        KindRole,
        DetailRole,
        TextRole,
        NoteRole,
        SuggestionIdRole,
        DescriptionRole,
        SharedRole,
        CreatedTextRole,
        GroupLabelRole,
        FirstInGroupRole,
    };
    Q_ENUM(Role)

    explicit NeedsModel(QObject *parent = nullptr);
    NeedsModel(Session *session, QObject *parent);

    [[nodiscard]] QString kind() const { return m_kind; }
    void setKind(const QString &kind);
    [[nodiscard]] bool partner() const { return m_partner; }
    void setPartner(bool partner);
    [[nodiscard]] int count() const { return int(rows().size()); }
    [[nodiscard]] int totalCount() const { return int(m_all.size()); }
    [[nodiscard]] int sharedCount() const;
    [[nodiscard]] QVariantList details() const;
    [[nodiscard]] static int maxText() { return int(hearth::Needs::kMaxText); }
    [[nodiscard]] static int maxNote() { return int(hearth::Needs::kMaxNote); }

    /// What to pick from for a kind (and, for "trigger", a detail): [{id, label, description}],
    /// in the content's order; the needs of check-ins for "need". Empty for an unknown kind.
    Q_INVOKABLE QVariantList suggestions(const QString &kind, const QString &detail) const;
    /// One item of this person's map as its row shows it ({} when there is none).
    Q_INVOKABLE QVariantMap item(const QString &itemId) const;

    /// Adds an item to my map. `text` may be empty when `suggestionId` names a suggestion: its
    /// label is the text. Returns {itemId} when it was saved, else {field: message} (kind,
    /// detail, text, note, suggestionId, form) and nothing is written.
    Q_INVOKABLE QVariantMap add(const QString &kind, const QString &detail, const QString &text,
                                const QString &suggestionId, const QString &note, bool shared);
    /// Changes the words and note of one of my items: {itemId} or {field: message}.
    Q_INVOKABLE QVariantMap edit(const QString &itemId, const QString &text, const QString &note);
    /// Makes one of my items shared or private: "" when done, else why not. The item keeps its
    /// id (docs/decisions.md §20).
    Q_INVOKABLE QString setShared(const QString &itemId, bool shared);
    /// Deletes one of my items: "" when done, else why not.
    Q_INVOKABLE QString remove(const QString &itemId);

    /// Reads the map again now (a change of the data does it on the next turn of the event loop).
    Q_INVOKABLE void refresh();

signals:
    void filterChanged();
    void countChanged();

private:
    [[nodiscard]] QList<QVariantMap> filtered() const;
    [[nodiscard]] QVariantMap rowOf(const hearth::NeedItem &item) const;
    /// Why an action can't write now ("" when it can).
    [[nodiscard]] QString cannotWrite() const;

    Session *m_session;
    QTimer m_refreshTimer;
    QString m_kind;
    bool m_partner = false;
    QList<QVariantMap> m_all;
};

/// What the Us models share: suggestions as QML reads them, and words for ids.
namespace ustext {
/// [{id, label}] in order.
QVariantList suggestionList(const std::vector<hearth::Suggestion> &list);
/// The label of `id` in `list`, else `id` itself (a person's own word).
QString labelIn(const std::vector<hearth::Suggestion> &list, const std::string &id);
/// A need's label from checkins.json, else `id` itself.
QString needLabel(const Session &session, const std::string &id);
/// "Situation", "In my body", "Early sign" for a trigger's detail; "" otherwise.
QString detailLabel(const QString &detail);
} // namespace ustext
