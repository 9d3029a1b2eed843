#pragma once

#include "practicelistmodel.h"

#include <map>
#include <string>

namespace hearth {
class Care;
struct CarePerson;
}

/// A practice list about one couple, chosen by `spaceId`: rows are built from that couple's care
/// space and its partners as the link names them, and none while no couple is chosen.
class PracticeCoupleListModel : public PracticeListModel {
    Q_OBJECT
    Q_PROPERTY(QString spaceId READ spaceId WRITE setSpaceId NOTIFY spaceIdChanged)

public:
    [[nodiscard]] QString spaceId() const { return m_spaceId; }
    void setSpaceId(const QString &spaceId);

signals:
    void spaceIdChanged();

protected:
    using PracticeListModel::PracticeListModel;
    /// The partners by member id.
    using People = std::map<std::string, hearth::CarePerson>;

    [[nodiscard]] QList<QVariantMap> build() final;
    /// The rows for the chosen couple.
    [[nodiscard]] virtual QList<QVariantMap> buildFor(hearth::Care &care, const People &people) = 0;

private:
    QString m_spaceId;
};
