// Qt Quick Test runner for Hearth's QML: every tst_*.qml runs in its own ctest process (-input),
// over a fresh profile in a temporary folder, offscreen, with the Material style like the app.
#include "session.h"

#include <QGuiApplication>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQuickTest>

#include <memory>

class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        if (QGuiApplication::platformName() == u"offscreen")
            QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
        // HEARTH_QML_TEST_DATA runs the QML over an existing profile (to look at a page by hand,
        // and for tst_checkinpage_demo, over a demo profile made for it); the other registered
        // tests start from an empty temporary folder.
        QString folder = qEnvironmentVariable("HEARTH_QML_TEST_DATA");
        if (folder.isEmpty()) {
            m_dir = std::make_unique<QTemporaryDir>();
            QVERIFY2(m_dir->isValid(), "no temporary folder");
            folder = m_dir->path();
        }
        m_session = std::make_unique<Session>(folder);
        Session::setInstance(m_session.get());
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    }

    void cleanupTestCase()
    {
        Session::setInstance(nullptr);
        m_session.reset();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Session> m_session;
};

QUICK_TEST_MAIN_WITH_SETUP(hearth_qml, Setup)

#include "main.moc"
