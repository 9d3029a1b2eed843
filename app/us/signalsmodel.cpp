#include "signalsmodel.h"

#include "jsonvariant.h"
#include "repairsmodel.h"
#include "rowsync.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "signalbook.h"

using namespace hearth;

namespace {

QString statusText(const QString &status, bool mine, const QString &partnerName)
{
    if (status == u"proposed")
        return mine ? QObject::tr("Waiting for %1").arg(partnerName) : QObject::tr("Waiting for you");
    if (status == u"ours")
        return QObject::tr("Ours");
    if (status == u"retired")
        return QObject::tr("Retired");
    return status;
}

} // namespace

SignalsModel::SignalsModel(QObject *parent) : SignalsModel(Session::instance(), parent) {}

SignalsModel::SignalsModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &SignalsModel::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

int SignalsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SignalsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case SignalIdRole: return row.id;
    case Qt::DisplayRole:
    case WordRole: return row.word;
    case MeaningRole: return row.meaning;
    case StatusRole: return row.status;
    case StatusTextRole: return row.statusText;
    case ProposerNameRole: return row.proposerName;
    case MineRole: return row.mine;
    case AwaitingMeRole: return row.awaitingMe;
    case ProposedTextRole: return row.proposedText;
    case AcceptedTextRole: return row.acceptedText;
    }
    return {};
}

QHash<int, QByteArray> SignalsModel::roleNames() const
{
    return {{SignalIdRole, "signalId"},
            {WordRole, "word"},
            {MeaningRole, "meaning"},
            {StatusRole, "status"},
            {StatusTextRole, "statusText"},
            {ProposerNameRole, "proposerName"},
            {MineRole, "mine"},
            {AwaitingMeRole, "awaitingMe"},
            {ProposedTextRole, "proposedText"},
            {AcceptedTextRole, "acceptedText"}};
}

void SignalsModel::setStatusFilter(const QString &status)
{
    if (status == m_statusFilter)
        return;
    m_statusFilter = status;
    emit filterChanged();
    updateRows(filtered());
    emit countChanged();
}

int SignalsModel::maxWord()
{
    return int(SignalBook::kMaxWord);
}

int SignalsModel::maxMeaning()
{
    return int(SignalBook::kMaxMeaning);
}

QVariantList SignalsModel::examples() const
{
    QVariantList out;
    if (!m_session)
        return out;
    for (const ExampleSignal &e : m_session->content().us().exampleSignals)
        out << QVariantMap{{QStringLiteral("word"), qstr(e.word)}, {QStringLiteral("meaning"), qstr(e.meaning)}};
    return out;
}

QVariantMap SignalsModel::get(const QString &signalId) const
{
    for (const Row &row : m_all) {
        if (row.id != signalId)
            continue;
        return {{QStringLiteral("signalId"), row.id},
                {QStringLiteral("word"), row.word},
                {QStringLiteral("meaning"), row.meaning},
                {QStringLiteral("status"), row.status},
                {QStringLiteral("statusText"), row.statusText},
                {QStringLiteral("proposerName"), row.proposerName},
                {QStringLiteral("mine"), row.mine},
                {QStringLiteral("awaitingMe"), row.awaitingMe},
                {QStringLiteral("proposedText"), row.proposedText},
                {QStringLiteral("acceptedText"), row.acceptedText}};
    }
    return {};
}

QVariantMap SignalsModel::checkTexts(const QString &word, const QString &meaning) const
{
    QVariantMap errors;
    const QString w = word.trimmed();
    const QString m = meaning.trimmed();
    if (w.isEmpty())
        errors[QStringLiteral("word")] = tr("Give it a word or a gesture you both will recognise.");
    else if (fair::characters(str(w)) > SignalBook::kMaxWord)
        errors[QStringLiteral("word")] = tr("Keep the word to %1 characters.").arg(SignalBook::kMaxWord);
    if (m.isEmpty())
        errors[QStringLiteral("meaning")] = tr("Say what it means, so you both read it the same way.");
    else if (fair::characters(str(m)) > SignalBook::kMaxMeaning)
        errors[QStringLiteral("meaning")] = tr("Keep the meaning to %1 characters.").arg(SignalBook::kMaxMeaning);
    return errors;
}

QVariantMap SignalsModel::propose(const QString &word, const QString &meaning)
{
    if (!m_session || !m_session->store())
        return {{QStringLiteral("form"), m_session ? m_session->openError() : tr("Hearth is not open.")}};
    QVariantMap errors = checkTexts(word, meaning);
    if (!errors.isEmpty())
        return errors;
    try {
        SignalBook book(*m_session->store(), m_session->content());
        const std::string id = book.propose(str(word.trimmed()), str(meaning.trimmed()));
        return {{QStringLiteral("signalId"), qstr(id)}};
    } catch (const ValidationError &e) {
        errors[qstr(e.field())] = qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QVariantMap SignalsModel::suggestChange(const QString &signalId, const QString &word, const QString &meaning)
{
    if (!m_session || !m_session->store())
        return {{QStringLiteral("form"), m_session ? m_session->openError() : tr("Hearth is not open.")}};
    QVariantMap errors = checkTexts(word, meaning);
    if (!errors.isEmpty())
        return errors;
    try {
        SignalBook book(*m_session->store(), m_session->content());
        book.suggestChange(str(signalId), str(word.trimmed()), str(meaning.trimmed()));
        return {{QStringLiteral("signalId"), signalId}};
    } catch (const ValidationError &e) {
        // A field of the form, or the signal itself (gone, retired): the latter for the form.
        const QString field = qstr(e.field());
        errors[field == u"word" || field == u"meaning" ? field : QStringLiteral("form")] = qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QString SignalsModel::run(const std::function<void(SignalBook &)> &action)
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

QString SignalsModel::accept(const QString &signalId)
{
    return run([&](SignalBook &book) { book.accept(str(signalId)); });
}

QString SignalsModel::retire(const QString &signalId)
{
    return run([&](SignalBook &book) { book.retire(str(signalId)); });
}

std::vector<SignalsModel::Row> SignalsModel::filtered() const
{
    if (m_statusFilter.isEmpty())
        return m_all;
    std::vector<Row> out;
    for (const Row &row : m_all)
        if (row.status == m_statusFilter)
            out.push_back(row);
    return out;
}

void SignalsModel::updateRows(std::vector<Row> rows)
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

void SignalsModel::refresh()
{
    m_refreshTimer.stop();
    std::vector<SharedSignal> all;
    repairtext::Members members;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            members = repairtext::Members::of(m_session);
            SignalBook book(*m_session->store(), m_session->content());
            all = book.sharedSignals();
        } catch (const std::exception &e) {
            qWarning("Could not read the signals: %s", e.what());
            return; // keep what was shown
        }
    }

    const QString zone = m_session ? m_session->myTimeZone() : QString();
    std::vector<Row> rows;
    rows.reserve(all.size());
    int ours = 0;
    int proposed = 0;
    int awaiting = 0;
    for (const SharedSignal &s : all) {
        Row row;
        row.id = qstr(s.id);
        row.word = qstr(s.word);
        row.meaning = qstr(s.meaning);
        row.status = qstr(s.status);
        row.mine = members.isMe(s.proposedBy);
        row.proposerName = row.mine ? members.myName : members.name(s.proposedBy);
        row.awaitingMe = s.status == "proposed" && !row.mine;
        row.statusText = statusText(row.status, row.mine, members.partnerName);
        const QString day = m_session->dayLabel(s.proposedAt, zone);
        row.proposedText = row.mine ? tr("You proposed it · %1").arg(day)
                                    : tr("%1 proposed it · %2").arg(row.proposerName, day);
        if (s.status == "ours" && s.acceptedAt > 0)
            row.acceptedText = tr("Ours since %1").arg(m_session->dayLabel(s.acceptedAt, zone));
        ours += s.status == "ours" ? 1 : 0;
        proposed += s.status == "proposed" ? 1 : 0;
        awaiting += row.awaitingMe ? 1 : 0;
        rows.push_back(std::move(row));
    }
    QVariantList suggestions;
    for (const QVariant &v : examples()) {
        const QString word = v.toMap().value(QStringLiteral("word")).toString();
        const bool taken = std::any_of(rows.begin(), rows.end(), [&](const Row &r) {
            return r.status != u"retired" && r.word.compare(word, Qt::CaseInsensitive) == 0;
        });
        if (!taken)
            suggestions << v;
    }
    const bool allChanged = rows != m_all || suggestions != m_suggestions;
    m_suggestions = std::move(suggestions);
    m_all = std::move(rows);
    const int countBefore = count();
    updateRows(filtered());
    const bool changed = allChanged || countBefore != count() || ours != m_oursCount
                         || proposed != m_proposedCount || awaiting != m_awaitingMeCount;
    m_oursCount = ours;
    m_proposedCount = proposed;
    m_awaitingMeCount = awaiting;
    if (changed) {
        ++m_revision;
        emit countChanged();
    }
}
