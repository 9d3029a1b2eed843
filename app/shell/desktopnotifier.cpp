#include "desktopnotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QVariantMap>

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
}

DesktopNotifier::DesktopNotifier(QObject *parent) : QObject(parent) {}

bool DesktopNotifier::available() const
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    return bus.isConnected() && bus.interface()
           && bus.interface()->isServiceRegistered(kService).value();
}

void DesktopNotifier::notify(const QString &title, const QString &body)
{
    if (!available())
        return;
    QDBusMessage call = QDBusMessage::createMethodCall(
        kService, QStringLiteral("/org/freedesktop/Notifications"), kService,
        QStringLiteral("Notify"));
    call << QStringLiteral("Hearth") << uint(0) << QStringLiteral("hearth") << title << body
         << QStringList() << QVariantMap() << int(-1);
    QDBusConnection::sessionBus().asyncCall(call);
}
