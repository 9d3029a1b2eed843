#pragma once

#include "practicelistmodel.h"

#include <QtQml/qqmlregistration.h>

/// The reflections one couple's partners shared with the therapist, newest first, with the
/// exercise and due date each is about. A reflection kept private never reaches this device.
class PracticeReflectionsModel : public PracticeListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString spaceId READ spaceId WRITE setSpaceId NOTIFY spaceIdChanged)

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

    [[nodiscard]] QString spaceId() const { return m_spaceId; }
    void setSpaceId(const QString &spaceId);

signals:
    void spaceIdChanged();

protected:
    [[nodiscard]] QList<QVariantMap> build() override;

private:
    QString m_spaceId;
};
