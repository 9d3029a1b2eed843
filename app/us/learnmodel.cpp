#include "learnmodel.h"

#include "jsonvariant.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"

#include <map>

using namespace hearth;

LearnModel::LearnModel(QObject *parent) : LearnModel(Session::instance(), parent) {}

LearnModel::LearnModel(Session *session, QObject *parent)
    : MapListModel({"cardId", "topicId", "topicLabel", "title", "summary", "hasReflection"}, "cardId", parent),
      m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &LearnModel::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

QString LearnModel::firstCardId() const
{
    return rows().isEmpty() ? QString() : rows().constFirst().value(QStringLiteral("cardId")).toString();
}

QString LearnModel::reflectionNote() const
{
    return m_session ? qstr(m_session->content().reflectionNote()) : QString();
}

QVariantList LearnModel::safetySections() const
{
    QVariantList out;
    if (!m_session)
        return out;
    for (const SafetySection &s : m_session->content().us().safety) {
        QStringList paragraphs;
        for (const std::string &p : s.paragraphs)
            paragraphs << qstr(p);
        out << QVariantMap{{QStringLiteral("id"), qstr(s.id)},
                           {QStringLiteral("heading"), qstr(s.heading)},
                           {QStringLiteral("paragraphs"), paragraphs}};
    }
    return out;
}

QVariantMap LearnModel::card(const QString &cardId) const
{
    if (!m_session)
        return {};
    const LearnCard *c = m_session->content().card(str(cardId));
    if (!c)
        return {};
    QString topicLabel = qstr(c->topic);
    for (const Suggestion &t : m_session->content().cardTopics())
        if (t.id == c->topic)
            topicLabel = qstr(t.label);
    QStringList body;
    for (const std::string &p : c->body)
        body << qstr(p);
    QVariantList sources;
    for (const CardSource &s : c->sources)
        sources << QVariantMap{{QStringLiteral("citation"), qstr(s.citation)}, {QStringLiteral("url"), qstr(s.url)}};
    return {{QStringLiteral("cardId"), qstr(c->id)},
            {QStringLiteral("topicLabel"), topicLabel},
            {QStringLiteral("title"), qstr(c->title)},
            {QStringLiteral("summary"), qstr(c->summary)},
            {QStringLiteral("body"), body},
            {QStringLiteral("sources"), sources},
            {QStringLiteral("reflectionPrompt"), qstr(c->reflectionPrompt)},
            {QStringLiteral("reflection"), reflection(cardId)}};
}

QString LearnModel::reflection(const QString &cardId) const
{
    if (!m_session || !m_session->store() || !m_session->hasProfile())
        return {};
    try {
        return qstr(Needs(*m_session->store(), m_session->content()).reflection(str(cardId)));
    } catch (const std::exception &e) {
        qWarning("Could not read a reflection: %s", e.what());
        return {};
    }
}

QString LearnModel::saveReflection(const QString &cardId, const QString &text)
{
    if (!m_session || !m_session->store())
        return m_session ? m_session->openError() : tr("Hearth is not open.");
    if (!m_session->hasProfile())
        return tr("Set up your profile first.");
    if (!m_session->content().card(str(cardId)))
        return tr("There is no card “%1”.").arg(cardId);
    const QString trimmed = text.trimmed();
    if (fair::characters(str(trimmed)) > Needs::kMaxReflection)
        return tr("Keep it to %1 characters.").arg(Needs::kMaxReflection);
    try {
        Needs needs(*m_session->store(), m_session->content());
        // Saving the same words again writes nothing.
        if (needs.reflection(str(cardId)) == str(trimmed))
            return {};
        needs.saveReflection(str(cardId), str(trimmed));
        return {};
    } catch (const std::exception &e) {
        return qstr(e.what());
    }
}

void LearnModel::refresh()
{
    m_refreshTimer.stop();
    if (!m_session)
        return;
    std::map<std::string, std::string> reflections;
    if (m_session->store() && m_session->hasProfile()) {
        try {
            reflections = Needs(*m_session->store(), m_session->content()).reflections();
        } catch (const std::exception &e) {
            qWarning("Could not read the reflections: %s", e.what());
        }
    }
    const ContentLibrary &content = m_session->content();
    QList<QVariantMap> rows;
    QVariantList groups;
    for (const Suggestion &topic : content.cardTopics()) {
        QVariantList cards;
        for (const LearnCard &c : content.cards()) {
            if (c.topic != topic.id)
                continue;
            const QVariantMap row{{QStringLiteral("cardId"), qstr(c.id)},
                                  {QStringLiteral("topicId"), qstr(topic.id)},
                                  {QStringLiteral("topicLabel"), qstr(topic.label)},
                                  {QStringLiteral("title"), qstr(c.title)},
                                  {QStringLiteral("summary"), qstr(c.summary)},
                                  {QStringLiteral("hasReflection"), reflections.count(c.id) > 0}};
            rows << row;
            cards << row;
        }
        if (!cards.isEmpty())
            groups << QVariantMap{{QStringLiteral("id"), qstr(topic.id)},
                                  {QStringLiteral("label"), qstr(topic.label)},
                                  {QStringLiteral("cards"), cards}};
    }
    const int countBefore = count();
    setRows(std::move(rows));
    if (groups != m_groups || countBefore != count()) {
        m_groups = std::move(groups);
        emit countChanged();
    }
}
