#include "agreementsmodel.h"

#include "jsonvariant.h"
#include "repairsmodel.h"
#include "rowsync.h"
#include "session.h"

#include "agreements.h"
#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "repairs.h"
#include "schedule.h"

#include <QDate>
#include <QLocale>

#include <map>

using namespace hearth;

namespace {

QString formError(const Session *session)
{
    return session ? session->openError() : QObject::tr("Hearth is not open.");
}

} // namespace

AgreementsModel::AgreementsModel(QObject *parent) : AgreementsModel(Session::instance(), parent) {}

AgreementsModel::AgreementsModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &AgreementsModel::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

int AgreementsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant AgreementsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case AgreementIdRole: return row.id;
    case Qt::DisplayRole:
    case SituationRole: return row.situation;
    case ActionRole: return row.action;
    case StatusRole: return row.status;
    case StatusTextRole: return row.statusText;
    case ProposerNameRole: return row.proposerName;
    case MineRole: return row.mine;
    case AwaitingMeRole: return row.awaitingMe;
    case ProposedTextRole: return row.proposedText;
    case AgreedTextRole: return row.agreedText;
    case ReviewOnRole: return row.reviewOn;
    case ReviewTextRole: return row.reviewText;
    case ReviewDueRole: return row.reviewDue;
    case RepairIdRole: return row.repairId;
    case RepairTitleRole: return row.repairTitle;
    }
    return {};
}

QHash<int, QByteArray> AgreementsModel::roleNames() const
{
    return {{AgreementIdRole, "agreementId"},
            {SituationRole, "situation"},
            {ActionRole, "action"},
            {StatusRole, "status"},
            {StatusTextRole, "statusText"},
            {ProposerNameRole, "proposerName"},
            {MineRole, "mine"},
            {AwaitingMeRole, "awaitingMe"},
            {ProposedTextRole, "proposedText"},
            {AgreedTextRole, "agreedText"},
            {ReviewOnRole, "reviewOn"},
            {ReviewTextRole, "reviewText"},
            {ReviewDueRole, "reviewDue"},
            {RepairIdRole, "repairId"},
            {RepairTitleRole, "repairTitle"}};
}

void AgreementsModel::setFilter(const QString &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    emit filterChanged();
    updateRows(filtered());
    emit countChanged();
}

int AgreementsModel::maxSituation()
{
    return int(Agreements::kMaxSituation);
}

int AgreementsModel::maxAction()
{
    return int(Agreements::kMaxAction);
}

QVariantList AgreementsModel::examples() const
{
    QVariantList out;
    if (!m_session)
        return out;
    for (const ExampleAgreement &e : m_session->content().us().exampleAgreements)
        out << QVariantMap{{QStringLiteral("situation"), qstr(e.situation)},
                           {QStringLiteral("action"), qstr(e.action)}};
    return out;
}

QString AgreementsModel::todayText() const
{
    return m_today;
}

QString AgreementsModel::nextReviewDefault() const
{
    const QDate today = QDate::fromString(m_today, Qt::ISODate);
    return today.isValid() ? today.addMonths(3).toString(Qt::ISODate) : QString();
}

bool AgreementsModel::hasAgreementFrom(const QString &repairId, const QString &action) const
{
    const QString wanted = action.trimmed();
    return !repairId.isEmpty() && std::any_of(m_all.begin(), m_all.end(), [&](const Row &r) {
        return r.status != u"retired" && r.repairId == repairId && r.action == wanted;
    });
}

QString AgreementsModel::reviewText(const QString &reviewOn, bool due) const
{
    if (due)
        return tr("Review due");
    const QDate day = QDate::fromString(reviewOn, Qt::ISODate);
    if (!day.isValid())
        return {};
    const QDate today = QDate::fromString(m_today, Qt::ISODate);
    const QLocale locale;
    return tr("Review on %1").arg(today.isValid() && day.year() == today.year()
                                      ? locale.toString(day, QStringLiteral("d MMMM"))
                                      : locale.toString(day, QStringLiteral("d MMMM yyyy")));
}

QString AgreementsModel::statusText(const QString &status, bool mine) const
{
    if (status == u"proposed") {
        const QString partner = m_session ? m_session->partnerName() : QString();
        return mine ? tr("Waiting for %1").arg(partner) : tr("Waiting for you");
    }
    if (status == u"active")
        return tr("Active");
    if (status == u"revisit")
        return tr("To revisit");
    if (status == u"retired")
        return tr("Retired");
    return status;
}

QVariantMap AgreementsModel::get(const QString &agreementId) const
{
    for (const Row &row : m_all) {
        if (row.id != agreementId)
            continue;
        return {{QStringLiteral("agreementId"), row.id},
                {QStringLiteral("situation"), row.situation},
                {QStringLiteral("action"), row.action},
                {QStringLiteral("status"), row.status},
                {QStringLiteral("statusText"), row.statusText},
                {QStringLiteral("proposerName"), row.proposerName},
                {QStringLiteral("mine"), row.mine},
                {QStringLiteral("awaitingMe"), row.awaitingMe},
                {QStringLiteral("proposedText"), row.proposedText},
                {QStringLiteral("agreedText"), row.agreedText},
                {QStringLiteral("reviewOn"), row.reviewOn},
                {QStringLiteral("reviewText"), row.reviewText},
                {QStringLiteral("reviewDue"), row.reviewDue},
                {QStringLiteral("repairId"), row.repairId},
                {QStringLiteral("repairTitle"), row.repairTitle}};
    }
    return {};
}

QVariantMap AgreementsModel::checkDraft(const QString &situation, const QString &action,
                                        const QString &reviewOn) const
{
    QVariantMap errors;
    const QString s = situation.trimmed();
    const QString a = action.trimmed();
    if (s.isEmpty())
        errors[QStringLiteral("situation")] = tr("Say when it applies: the moment that is hard.");
    else if (fair::characters(str(s)) > Agreements::kMaxSituation)
        errors[QStringLiteral("situation")] = tr("Keep it to %1 characters.").arg(Agreements::kMaxSituation);
    if (a.isEmpty())
        errors[QStringLiteral("action")] = tr("Say what you'll do then.");
    else if (fair::characters(str(a)) > Agreements::kMaxAction)
        errors[QStringLiteral("action")] = tr("Keep it to %1 characters.").arg(Agreements::kMaxAction);
    const QString r = reviewOn.trimmed();
    if (!r.isEmpty()) {
        const QDate day = QDate::fromString(r, Qt::ISODate);
        const QDate today = QDate::fromString(m_today, Qt::ISODate);
        if (!day.isValid() || r.size() != 10)
            errors[QStringLiteral("reviewOn")] = tr("Write the review date as 2026-06-30, or leave it empty.");
        else if (today.isValid() && day <= today)
            errors[QStringLiteral("reviewOn")] = tr("Choose a review date after today.");
    }
    return errors;
}

QVariantMap AgreementsModel::propose(const QString &situation, const QString &action, const QString &reviewOn,
                                     const QString &repairId)
{
    if (!m_session || !m_session->store())
        return {{QStringLiteral("form"), formError(m_session)}};
    QVariantMap errors = checkDraft(situation, action, reviewOn);
    if (!errors.isEmpty())
        return errors;
    try {
        AgreementDraft draft;
        draft.situation = str(situation.trimmed());
        draft.action = str(action.trimmed());
        draft.reviewOn = str(reviewOn.trimmed());
        draft.repairId = str(repairId);
        const std::string id = Agreements(*m_session->store(), m_session->content()).propose(draft);
        return {{QStringLiteral("agreementId"), qstr(id)}};
    } catch (const ValidationError &e) {
        const QString field = qstr(e.field());
        errors[field == u"situation" || field == u"action" || field == u"reviewOn" ? field : QStringLiteral("form")] =
            qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QVariantMap AgreementsModel::suggestChange(const QString &agreementId, const QString &situation,
                                           const QString &action, const QString &reviewOn)
{
    if (!m_session || !m_session->store())
        return {{QStringLiteral("form"), formError(m_session)}};
    QVariantMap errors = checkDraft(situation, action, reviewOn);
    if (!errors.isEmpty())
        return errors;
    try {
        Agreements agreements(*m_session->store(), m_session->content());
        const auto current = agreements.agreement(str(agreementId));
        AgreementDraft draft;
        draft.situation = str(situation.trimmed());
        draft.action = str(action.trimmed());
        draft.reviewOn = str(reviewOn.trimmed());
        draft.repairId = current ? current->repairId : std::string();
        agreements.suggestChange(str(agreementId), draft);
        return {{QStringLiteral("agreementId"), agreementId}};
    } catch (const ValidationError &e) {
        const QString field = qstr(e.field());
        errors[field == u"situation" || field == u"action" || field == u"reviewOn" ? field : QStringLiteral("form")] =
            qstr(e.what());
    } catch (const std::exception &e) {
        errors[QStringLiteral("form")] = qstr(e.what());
    }
    return errors;
}

QVariantMap AgreementsModel::fromCommitment(const QString &commitmentId) const
{
    if (!m_session || !m_session->store())
        return {{QStringLiteral("error"), formError(m_session)}};
    try {
        const AgreementDraft d =
            Agreements(*m_session->store(), m_session->content()).fromCommitment(str(commitmentId));
        return {{QStringLiteral("situation"), qstr(d.situation)},
                {QStringLiteral("action"), qstr(d.action)},
                {QStringLiteral("reviewOn"), qstr(d.reviewOn)},
                {QStringLiteral("repairId"), qstr(d.repairId)}};
    } catch (const Error &e) {
        return {{QStringLiteral("error"), qstr(e.what())}};
    } catch (const std::exception &e) {
        return {{QStringLiteral("error"), tr("Something went wrong: %1").arg(qstr(e.what()))}};
    }
}

QString AgreementsModel::run(const std::function<void(Agreements &)> &action)
{
    if (!m_session || !m_session->store())
        return formError(m_session);
    try {
        Agreements agreements(*m_session->store(), m_session->content());
        action(agreements);
    } catch (const Error &e) {
        return qstr(e.what());
    } catch (const std::exception &e) {
        return tr("Something went wrong: %1").arg(qstr(e.what()));
    }
    return {};
}

QString AgreementsModel::agree(const QString &agreementId)
{
    return run([&](Agreements &a) { a.agree(str(agreementId)); });
}

QString AgreementsModel::setStatus(const QString &agreementId, const QString &status)
{
    return run([&](Agreements &a) { a.setStatus(str(agreementId), str(status)); });
}

QString AgreementsModel::setReviewDate(const QString &agreementId, const QString &reviewOn)
{
    const QVariantMap errors = checkDraft(QStringLiteral("x"), QStringLiteral("x"), reviewOn);
    if (!errors.isEmpty())
        return errors.value(QStringLiteral("reviewOn")).toString();
    return run([&](Agreements &a) { a.setReviewDate(str(agreementId), str(reviewOn.trimmed())); });
}

QString AgreementsModel::keep(const QString &agreementId, const QString &nextReview)
{
    const QVariantMap errors = checkDraft(QStringLiteral("x"), QStringLiteral("x"), nextReview);
    if (!errors.isEmpty())
        return errors.value(QStringLiteral("reviewOn")).toString();
    return run([&](Agreements &a) {
        const auto current = a.agreement(str(agreementId));
        if (!current)
            throw ValidationError("agreement", tr("That agreement is no longer here.").toStdString());
        if (current->status != "active" && current->status != "revisit")
            throw ValidationError("status", tr("Only an agreement you both keep can be reviewed.").toStdString());
        if (current->agreedBy.empty())
            throw ValidationError("status", tr("Agree on it together first; then it can be kept.").toStdString());
        // The date first: it checks what the status change would not, and a refusal there leaves
        // the status as it was.
        a.setReviewDate(current->id, str(nextReview.trimmed()));
        if (current->status != "active")
            a.setStatus(current->id, "active");
    });
}

std::vector<AgreementsModel::Row> AgreementsModel::filtered() const
{
    if (m_filter.isEmpty())
        return m_all;
    std::vector<Row> out;
    for (const Row &row : m_all) {
        const bool keep = m_filter == u"current" ? (row.status == u"active" || row.status == u"revisit")
                          : m_filter == u"due"   ? row.reviewDue && row.status == u"active"
                                                 : row.status == m_filter;
        if (keep)
            out.push_back(row);
    }
    return out;
}

void AgreementsModel::updateRows(std::vector<Row> rows)
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

void AgreementsModel::refresh()
{
    m_refreshTimer.stop();
    std::vector<Agreement> all;
    std::map<std::string, std::string> repairTitles;
    repairtext::Members members;
    QString today;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            members = repairtext::Members::of(m_session);
            all = Agreements(*m_session->store(), m_session->content()).list();
            Repairs repairs(*m_session->store(), m_session->content());
            for (const Agreement &a : all) {
                if (a.repairId.empty() || repairTitles.count(a.repairId))
                    continue;
                const auto view = repairs.view(a.repairId);
                repairTitles[a.repairId] = view ? view->title : std::string();
            }
            today = qstr(utcToLocal(m_session->nowMs(), str(m_session->myTimeZone()))).left(10);
        } catch (const std::exception &e) {
            qWarning("Could not read the agreements: %s", e.what());
            return; // keep what was shown
        }
    }
    const bool todayChanged = today != m_today;
    m_today = today;

    const QString zone = m_session ? m_session->myTimeZone() : QString();
    std::vector<Row> rows;
    rows.reserve(all.size());
    int proposed = 0, current = 0, retired = 0, due = 0, awaiting = 0;
    for (const Agreement &a : all) {
        Row row;
        row.id = qstr(a.id);
        row.situation = qstr(a.situation);
        row.action = qstr(a.action);
        row.status = qstr(a.status);
        row.mine = members.isMe(a.proposedBy);
        row.proposerName = row.mine ? members.myName : members.name(a.proposedBy);
        row.awaitingMe = a.status == "proposed" && !row.mine;
        row.statusText = statusText(row.status, row.mine);
        const QString proposedDay = m_session->dayLabel(a.proposedAt, zone);
        row.proposedText = row.mine ? tr("You proposed it · %1").arg(proposedDay)
                                    : tr("%1 proposed it · %2").arg(row.proposerName, proposedDay);
        if (!a.agreedBy.empty() && a.agreedAt > 0)
            row.agreedText = tr("Agreed by both · %1").arg(m_session->dayLabel(a.agreedAt, zone));
        row.reviewOn = qstr(a.reviewOn);
        row.reviewDue = a.reviewDue;
        row.reviewText = a.status == "retired" ? QString() : reviewText(row.reviewOn, a.reviewDue);
        row.repairId = qstr(a.repairId);
        if (const auto t = repairTitles.find(a.repairId); t != repairTitles.end())
            row.repairTitle = qstr(t->second);
        proposed += a.status == "proposed" ? 1 : 0;
        current += a.status == "active" || a.status == "revisit" ? 1 : 0;
        retired += a.status == "retired" ? 1 : 0;
        due += a.reviewDue && a.status == "active" ? 1 : 0;
        awaiting += row.awaitingMe ? 1 : 0;
        rows.push_back(std::move(row));
    }
    QVariantList suggestions;
    for (const QVariant &v : examples()) {
        const QString situation = v.toMap().value(QStringLiteral("situation")).toString();
        const bool taken = std::any_of(rows.begin(), rows.end(), [&](const Row &r) {
            return r.status != u"retired" && r.situation.compare(situation, Qt::CaseInsensitive) == 0;
        });
        if (!taken)
            suggestions << v;
    }
    const bool allChanged = rows != m_all || suggestions != m_suggestions;
    m_suggestions = std::move(suggestions);
    m_all = std::move(rows);
    const int countBefore = count();
    updateRows(filtered());
    const bool changed = allChanged || todayChanged || countBefore != count() || proposed != m_proposedCount
                         || current != m_currentCount || retired != m_retiredCount || due != m_dueCount
                         || awaiting != m_awaitingMeCount;
    m_proposedCount = proposed;
    m_currentCount = current;
    m_retiredCount = retired;
    m_dueCount = due;
    m_awaitingMeCount = awaiting;
    if (changed) {
        ++m_revision;
        emit countChanged();
    }
}
