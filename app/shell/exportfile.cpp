#include "exportfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QUrl>

QString localPath(const QString &target)
{
    const QUrl url(target);
    return url.isLocalFile() ? url.toLocalFile() : target;
}

QString writeFile(const QString &target, const QByteArray &bytes)
{
    const QString path = localPath(target);
    if (path.isEmpty())
        return QObject::tr("Choose where to save the file.");
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        return QObject::tr("Could not write %1: %2").arg(path, f.errorString());
    return {};
}
