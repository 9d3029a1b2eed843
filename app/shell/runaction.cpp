#include "runaction.h"

#include "jsonvariant.h"

#include "errors.h"

#include <QObject>

#include <exception>

QString runAction(const std::function<void()> &action)
{
    try {
        action();
        return {};
    } catch (const hearth::Error &e) {
        return qstr(e.what());
    } catch (const std::exception &e) {
        return QObject::tr("Something went wrong: %1").arg(qstr(e.what()));
    }
}
