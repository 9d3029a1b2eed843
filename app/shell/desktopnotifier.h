#pragma once

#include <QObject>
#include <QString>

/// Sends a notification through the freedesktop notification service when the session bus has
/// one; does nothing otherwise (the in-app banner always shows the reminder).
class DesktopNotifier : public QObject {
    Q_OBJECT

public:
    explicit DesktopNotifier(QObject *parent = nullptr);

    [[nodiscard]] bool available() const;

public slots:
    void notify(const QString &title, const QString &body);
};
