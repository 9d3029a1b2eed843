#pragma once

#include "practicelistmodel.h"

#include <QVariantList>
#include <QtQml/qqmlregistration.h>

/// The exercises a therapist can assign: the library's (content/exercises.json, in the file's
/// order) and the practice's own (by title), narrowed to one format or to the practice's own.
class PracticeExercisesModel : public PracticeListModel {
    Q_OBJECT
    QML_ELEMENT
    /// A format id, "custom" for the practice's own, or "" for all.
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
    /// What to filter by: [{id, label, count}], "" (all) first and "custom" last.
    Q_PROPERTY(QVariantList filters READ filters NOTIFY countChanged)

public:
    enum Role {
        ExerciseIdRole = Qt::UserRole + 1,
        TitleRole,
        FormatRole,
        FormatLabelRole,
        PurposeRole,
        MinutesTextRole,
        WhoTextRole,
        CustomRole,
    };
    Q_ENUM(Role)

    explicit PracticeExercisesModel(QObject *parent = nullptr);
    PracticeExercisesModel(PracticeSession *session, QObject *parent);

    [[nodiscard]] QString filter() const { return m_filter; }
    void setFilter(const QString &filter);
    [[nodiscard]] QVariantList filters() const { return m_filters; }

signals:
    void filterChanged();

protected:
    [[nodiscard]] QList<QVariantMap> build() override;

private:
    QString m_filter;
    QVariantList m_filters;
};
