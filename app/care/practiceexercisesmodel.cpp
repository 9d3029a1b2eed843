#include "practiceexercisesmodel.h"

#include "jsonvariant.h"
#include "practicesession.h"

#include "contentlibrary.h"
#include "practice.h"

#include <map>

using namespace hearth;

PracticeExercisesModel::PracticeExercisesModel(QObject *parent)
    : PracticeExercisesModel(PracticeSession::instance(), parent)
{
}

PracticeExercisesModel::PracticeExercisesModel(PracticeSession *session, QObject *parent)
    : PracticeListModel(session,
                        {"exerciseId", "title", "format", "formatLabel", "purpose", "minutesText", "whoText", "custom"},
                        "exerciseId", parent)
{
}

void PracticeExercisesModel::setFilter(const QString &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    emit filterChanged();
    scheduleRefresh();
}

QList<QVariantMap> PracticeExercisesModel::build()
{
    auto rowOf = [&](const Exercise &e, bool custom) {
        return QVariantMap{
            {QStringLiteral("exerciseId"), qstr(e.id)},
            {QStringLiteral("title"), qstr(e.title)},
            {QStringLiteral("format"), qstr(e.format)},
            {QStringLiteral("formatLabel"), custom ? tr("Your own") : m_session->formatLabel(e.format)},
            {QStringLiteral("purpose"), qstr(e.purpose)},
            {QStringLiteral("minutesText"), e.timerMinutes > 0
                                                ? tr("About %1 min, with a %2 min timer").arg(e.minutes).arg(e.timerMinutes)
                                                : tr("About %1 min").arg(e.minutes)},
            {QStringLiteral("whoText"), e.who == "each" ? tr("Each on their own") : tr("Together")},
            {QStringLiteral("custom"), custom}};
    };
    const std::vector<Exercise> own = m_session->practice()->customExercises();
    std::map<std::string, int> perFormat;
    QList<QVariantMap> out;
    for (const Exercise &e : m_session->content().exercises()) {
        ++perFormat[e.format];
        if (m_filter.isEmpty() || str(m_filter) == e.format)
            out << rowOf(e, false);
    }
    for (const Exercise &e : own)
        if (m_filter.isEmpty() || m_filter == u"custom")
            out << rowOf(e, true);
    QVariantList filters{QVariantMap{{QStringLiteral("id"), QString()},
                                     {QStringLiteral("label"), tr("All")},
                                     {QStringLiteral("count"), int(m_session->content().exercises().size() + own.size())}}};
    for (const Suggestion &f : m_session->content().exerciseFormats())
        if (perFormat[f.id] > 0)
            filters << QVariantMap{{QStringLiteral("id"), qstr(f.id)},
                                   {QStringLiteral("label"), qstr(f.label)},
                                   {QStringLiteral("count"), perFormat[f.id]}};
    filters << QVariantMap{{QStringLiteral("id"), QStringLiteral("custom")},
                           {QStringLiteral("label"), tr("Your own")},
                           {QStringLiteral("count"), int(own.size())}};
    if (filters != m_filters) {
        m_filters = filters;
        emit countChanged();
    }
    return out;
}
