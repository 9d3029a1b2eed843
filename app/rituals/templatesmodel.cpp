#include "templatesmodel.h"

#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "schedule.h"

using namespace hearth;

TemplatesModel::TemplatesModel(QObject *parent) : TemplatesModel(Session::instance(), parent) {}

TemplatesModel::TemplatesModel(Session *session, QObject *parent)
    : QAbstractListModel(parent), m_session(session)
{
}

int TemplatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_session ? 0 : int(m_session->content().rituals().size());
}

QVariant TemplatesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RitualTemplate &t = m_session->content().rituals()[std::size_t(index.row())];
    switch (role) {
    case TemplateIdRole: return QString::fromStdString(t.id);
    case Qt::DisplayRole:
    case TitleRole: return QString::fromStdString(t.title);
    case KindRole: return QString::fromStdString(t.kind);
    case PurposeRole: return QString::fromStdString(t.purpose);
    case NeedRole: return QString::fromStdString(t.need);
    case StepsRole: {
        QStringList steps;
        for (const auto &s : t.steps)
            steps << QString::fromStdString(s);
        return steps;
    }
    case ScheduleTextRole: {
        try {
            return QString::fromStdString(
                describe(Schedule{t.rrule, "2026-01-05T" + t.time, "UTC", t.durationMinutes}));
        } catch (const Error &) {
            return QString();
        }
    }
    case DurationMinutesRole: return t.durationMinutes;
    case CreditRole: return QString::fromStdString(t.credit);
    }
    return {};
}

QHash<int, QByteArray> TemplatesModel::roleNames() const
{
    return {{TemplateIdRole, "templateId"}, {TitleRole, "title"},
            {KindRole, "kind"},             {PurposeRole, "purpose"},
            {NeedRole, "need"},             {StepsRole, "steps"},
            {ScheduleTextRole, "scheduleText"}, {DurationMinutesRole, "durationMinutes"},
            {CreditRole, "credit"}};
}
