#pragma once

#include "practicecouplelistmodel.h"

#include <QtQml/qqmlregistration.h>

/// The reflections one couple's partners shared with the therapist, newest first, with the
/// exercise and due date each is about. A reflection kept private never reaches this device.
class PracticeReflectionsModel : public PracticeCoupleListModel {
    Q_OBJECT
    QML_ELEMENT

public:
    enum Role {
        ReflectionIdRole = Qt::UserRole + 1,
        PartnerNameRole,
        ColourRole,
        TitleRole,
        DueTextRole,
        WrittenTextRole,
        /// [{prompt, text}]
        AnswersRole,
    };
    Q_ENUM(Role)

    explicit PracticeReflectionsModel(QObject *parent = nullptr);
    PracticeReflectionsModel(PracticeSession *session, QObject *parent);

protected:
    [[nodiscard]] QList<QVariantMap> buildFor(hearth::Care &care, const People &people) override;
};
