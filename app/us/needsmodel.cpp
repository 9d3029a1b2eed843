#include "needsmodel.h"

#include "jsonvariant.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "ritualbook.h"

#include <algorithm>

using namespace hearth;

namespace {

const QStringList &kinds()
{
    static const QStringList list{QStringLiteral("need"), QStringLiteral("trigger"), QStringLiteral("helps")};
    return list;
}

const QStringList &triggerDetails()
{
    static const QStringList list{QStringLiteral("situation"), QStringLiteral("body"), QStringLiteral("sign")};
    return list;
}

/// Trimmed and case-folded, to tell two spellings of the same item apart from two items.
QString folded(const QString &text)
{
    return text.trimmed().toCaseFolded();
}

} // namespace

namespace ustext {

QVariantList suggestionList(const std::vector<Suggestion> &list)
{
    QVariantList out;
    for (const Suggestion &s : list)
        out << QVariantMap{{QStringLiteral("id"), qstr(s.id)}, {QStringLiteral("label"), qstr(s.label)}};
    return out;
}

QString labelIn(const std::vector<Suggestion> &list, const std::string &id)
{
    const auto found = std::find_if(list.begin(), list.end(), [&](const Suggestion &s) { return s.id == id; });
    return found == list.end() ? qstr(id) : qstr(found->label);
}

QString needLabel(const Session &session, const std::string &id)
{
    const Need *need = session.content().need(id);
    return need ? qstr(need->label) : qstr(id);
}

QString detailLabel(const QString &detail)
{
    if (detail == u"situation")
        return QObject::tr("Situations");
    if (detail == u"body")
        return QObject::tr("In my body");
    if (detail == u"sign")
        return QObject::tr("Early signs");
    return {};
}

} // namespace ustext

NeedsModel::NeedsModel(QObject *parent) : NeedsModel(Session::instance(), parent) {}

NeedsModel::NeedsModel(Session *session, QObject *parent)
    : MapListModel({"itemId", "kind", "detail", "text", "note", "suggestionId", "description", "shared",
                    "createdText", "groupLabel", "firstInGroup"},
                   "itemId", parent),
      m_session(session)
{
    // A burst of changes (a sync merging many rows, an item made shared: a row written and one
    // deleted) is read once, on the next turn of the event loop.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &NeedsModel::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

void NeedsModel::setKind(const QString &kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    emit filterChanged();
    setRows(filtered());
    emit countChanged();
}

void NeedsModel::setPartner(bool partner)
{
    if (partner == m_partner)
        return;
    m_partner = partner;
    emit filterChanged();
    refresh();
    emit countChanged();
}

int NeedsModel::sharedCount() const
{
    return int(std::count_if(rows().begin(), rows().end(),
                             [](const QVariantMap &r) { return r.value(QStringLiteral("shared")).toBool(); }));
}

QVariantList NeedsModel::details() const
{
    QVariantList out;
    for (const QString &d : triggerDetails())
        out << QVariantMap{{QStringLiteral("id"), d}, {QStringLiteral("label"), ustext::detailLabel(d)}};
    return out;
}

QVariantList NeedsModel::suggestions(const QString &kind, const QString &detail) const
{
    if (!m_session)
        return {};
    const ContentLibrary &content = m_session->content();
    if (kind == u"need") {
        QVariantList out;
        for (const Need &n : content.needs())
            out << QVariantMap{{QStringLiteral("id"), qstr(n.id)},
                               {QStringLiteral("label"), qstr(n.label)},
                               {QStringLiteral("description"), qstr(n.description)}};
        return out;
    }
    if (kind == u"helps")
        return ustext::suggestionList(content.us().helps);
    if (kind == u"trigger") {
        if (detail == u"situation")
            return ustext::suggestionList(content.us().situations);
        if (detail == u"body")
            return ustext::suggestionList(content.us().bodySensations);
        if (detail == u"sign")
            return ustext::suggestionList(content.us().earlySigns);
    }
    return {};
}

QVariantMap NeedsModel::item(const QString &itemId) const
{
    for (const QVariantMap &row : m_all)
        if (row.value(QStringLiteral("itemId")).toString() == itemId)
            return row;
    return {};
}

QString NeedsModel::cannotWrite() const
{
    if (!m_session || !m_session->store())
        return m_session ? m_session->openError() : tr("Hearth is not open.");
    if (!m_session->hasProfile())
        return tr("Set up your profile first.");
    return {};
}

QVariantMap NeedsModel::add(const QString &kind, const QString &detail, const QString &text,
                            const QString &suggestionId, const QString &note, bool shared)
{
    QVariantMap errors;
    if (const QString why = cannotWrite(); !why.isEmpty()) {
        errors[QStringLiteral("form")] = why;
        return errors;
    }
    // Every field is checked before anything is written, so the editor can say all that is
    // wrong at once; core checks again and has the last word.
    if (!kinds().contains(kind)) {
        errors[QStringLiteral("kind")] = tr("Choose what it is: a need, something that activates you or something that helps.");
        return errors;
    }
    const bool trigger = kind == u"trigger";
    if (trigger && !triggerDetails().contains(detail))
        errors[QStringLiteral("detail")] = tr("Choose where you notice it: a situation, your body or an early sign.");
    QString words = text.trimmed();
    if (!suggestionId.isEmpty()) {
        const QVariantList offered = suggestions(kind, detail);
        const auto found = std::find_if(offered.begin(), offered.end(), [&](const QVariant &v) {
            return v.toMap().value(QStringLiteral("id")).toString() == suggestionId;
        });
        if (found == offered.end())
            errors[QStringLiteral("suggestionId")] = tr("There is no suggestion “%1” here.").arg(suggestionId);
        else if (words.isEmpty())
            words = found->toMap().value(QStringLiteral("label")).toString();
    }
    if (words.isEmpty())
        errors[QStringLiteral("text")] = tr("Say it in a few words, or pick one of the suggestions.");
    else if (fair::characters(str(words)) > Needs::kMaxText)
        errors[QStringLiteral("text")] = tr("Keep it to %1 characters.").arg(Needs::kMaxText);
    if (fair::characters(str(note.trimmed())) > Needs::kMaxNote)
        errors[QStringLiteral("note")] = tr("Keep the note to %1 characters.").arg(Needs::kMaxNote);
    if (!errors.isEmpty())
        return errors;

    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::string wantedDetail = trigger ? str(detail) : std::string();
        for (const NeedItem &mine : needs.mine()) {
            if (mine.kind == str(kind) && mine.detail == wantedDetail && folded(qstr(mine.text)) == folded(words)) {
                errors[QStringLiteral("text")] = tr("“%1” is already on your list.").arg(qstr(mine.text));
                return errors;
            }
        }
        NeedItemDraft draft;
        draft.kind = str(kind);
        draft.detail = wantedDetail;
        draft.text = str(words);
        draft.suggestionId = str(suggestionId);
        draft.note = str(note.trimmed());
        draft.shared = shared;
        const std::string id = needs.add(draft);
        return {{QStringLiteral("itemId"), qstr(id)}};
    } catch (const ValidationError &e) {
        errors[qstr(e.field())] = qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QVariantMap NeedsModel::edit(const QString &itemId, const QString &text, const QString &note)
{
    QVariantMap errors;
    if (const QString why = cannotWrite(); !why.isEmpty()) {
        errors[QStringLiteral("form")] = why;
        return errors;
    }
    const QString words = text.trimmed();
    if (words.isEmpty())
        errors[QStringLiteral("text")] = tr("Say it in a few words.");
    else if (fair::characters(str(words)) > Needs::kMaxText)
        errors[QStringLiteral("text")] = tr("Keep it to %1 characters.").arg(Needs::kMaxText);
    if (fair::characters(str(note.trimmed())) > Needs::kMaxNote)
        errors[QStringLiteral("note")] = tr("Keep the note to %1 characters.").arg(Needs::kMaxNote);
    if (!errors.isEmpty())
        return errors;
    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::vector<NeedItem> mine = needs.mine();
        const auto it = std::find_if(mine.begin(), mine.end(), [&](const NeedItem &i) { return i.id == str(itemId); });
        if (it == mine.end()) {
            errors[QStringLiteral("form")] = tr("This item is not on your list any more.");
            return errors;
        }
        for (const NeedItem &other : mine) {
            if (other.id != it->id && other.kind == it->kind && other.detail == it->detail
                && folded(qstr(other.text)) == folded(words)) {
                errors[QStringLiteral("text")] = tr("“%1” is already on your list.").arg(qstr(other.text));
                return errors;
            }
        }
        needs.edit(it->id, str(words), str(note.trimmed()));
        return {{QStringLiteral("itemId"), itemId}};
    } catch (const ValidationError &e) {
        errors[qstr(e.field())] = qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QString NeedsModel::setShared(const QString &itemId, bool shared)
{
    if (const QString why = cannotWrite(); !why.isEmpty())
        return why;
    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::vector<NeedItem> mine = needs.mine();
        if (std::none_of(mine.begin(), mine.end(), [&](const NeedItem &i) { return i.id == str(itemId); }))
            return tr("This item is not on your list any more.");
        needs.setShared(str(itemId), shared);
        return {};
    } catch (const std::exception &e) {
        return qstr(e.what());
    }
}

QString NeedsModel::remove(const QString &itemId)
{
    if (const QString why = cannotWrite(); !why.isEmpty())
        return why;
    try {
        Needs needs(*m_session->store(), m_session->content());
        const std::vector<NeedItem> mine = needs.mine();
        if (std::none_of(mine.begin(), mine.end(), [&](const NeedItem &i) { return i.id == str(itemId); }))
            return tr("This item is not on your list any more.");
        needs.remove(str(itemId));
        return {};
    } catch (const std::exception &e) {
        return qstr(e.what());
    }
}

QVariantMap NeedsModel::rowOf(const NeedItem &item) const
{
    QString description;
    if (item.kind == "need" && !item.suggestionId.empty()) {
        if (const Need *need = m_session->content().need(item.suggestionId))
            description = qstr(need->description);
    }
    const QString detail = qstr(item.detail);
    // The heading of the group the row starts (see filtered()): in my own map the card says
    // whose it is; the partner's list says it in each heading.
    const QString partner = m_session->partnerName();
    QString group;
    if (item.kind == "need")
        group = m_partner ? tr("What %1 needs").arg(partner) : tr("Needs");
    else if (item.kind == "helps")
        group = m_partner ? tr("What helps %1 settle").arg(partner) : tr("What helps");
    else if (!m_partner)
        group = ustext::detailLabel(detail);
    else if (detail == u"situation")
        group = tr("What activates %1: situations").arg(partner);
    else if (detail == u"body")
        group = tr("What activates %1: in the body").arg(partner);
    else
        group = tr("What activates %1: early signs").arg(partner);
    return {{QStringLiteral("itemId"), qstr(item.id)},
            {QStringLiteral("kind"), qstr(item.kind)},
            {QStringLiteral("detail"), detail},
            {QStringLiteral("text"), qstr(item.text)},
            {QStringLiteral("note"), qstr(item.note)},
            {QStringLiteral("suggestionId"), qstr(item.suggestionId)},
            {QStringLiteral("description"), description},
            {QStringLiteral("shared"), item.shared},
            {QStringLiteral("createdText"), m_session->dayLabel(item.createdAt, m_session->myTimeZone())},
            {QStringLiteral("groupLabel"), group},
            {QStringLiteral("firstInGroup"), false}};
}

QList<QVariantMap> NeedsModel::filtered() const
{
    QList<QVariantMap> out;
    QString group;
    for (QVariantMap row : m_all) {
        if (!m_kind.isEmpty() && row.value(QStringLiteral("kind")).toString() != m_kind)
            continue;
        const QString label = row.value(QStringLiteral("groupLabel")).toString();
        row[QStringLiteral("firstInGroup")] = out.isEmpty() || label != group;
        group = label;
        out << row;
    }
    return out;
}

void NeedsModel::refresh()
{
    m_refreshTimer.stop();
    std::vector<NeedItem> items;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            Needs needs(*m_session->store(), m_session->content());
            items = m_partner ? needs.partners() : needs.mine();
        } catch (const std::exception &e) {
            qWarning("Could not read the needs: %s", e.what());
        }
    }
    // Triggers in the order situation, body, early sign (each oldest first), so the pane's
    // groups read in that order.
    std::stable_sort(items.begin(), items.end(), [](const NeedItem &a, const NeedItem &b) {
        auto rank = [](const NeedItem &i) {
            const int kind = i.kind == "need" ? 0 : (i.kind == "trigger" ? 1 : 2);
            const int detail = i.detail == "situation" ? 0 : (i.detail == "body" ? 1 : (i.detail == "sign" ? 2 : 3));
            return kind * 4 + detail;
        };
        return rank(a) < rank(b);
    });
    QList<QVariantMap> all;
    for (const NeedItem &item : items)
        all << rowOf(item);
    const int totalBefore = totalCount();
    const int countBefore = count();
    const int sharedBefore = sharedCount();
    m_all = std::move(all);
    setRows(filtered());
    if (totalBefore != totalCount() || countBefore != count() || sharedBefore != sharedCount())
        emit countChanged();
}
