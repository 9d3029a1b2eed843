// hearth: the app. Parses the command line, opens the profile, loads the QML, and offers the
// headless modes the tests and scripts use (--self-test, --screenshot).
#include "practicesession.h"
#include "session.h"

#include "clock.h"
#include "contentlibrary.h"
#include "demo.h"
#include "errors.h"
#include "ritualbook.h"
#include "store.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlError>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace {

QString defaultDataDirectory()
{
    const QByteArray xdg = qgetenv("XDG_DATA_HOME");
    const QString base = xdg.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/share")
                                       : QString::fromLocal8Bit(xdg);
    return base + QStringLiteral("/hearth");
}

/// Lets queued work (bindings, layout, rendering) settle for `ms` milliseconds.
void settle(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool showPage(QObject *root, const QString &name)
{
    return QMetaObject::invokeMethod(root, "showPage", Q_ARG(QVariant, name),
                                     Q_ARG(QVariant, QVariantMap()));
}

/// Fills an empty folder with the demo practice (--therapist: self-test and screenshots).
void fillPracticeDemoIfEmpty(const QString &dir)
{
    if (QFileInfo::exists(dir + QStringLiteral("/profile.db")))
        return;
    hearth::fillPracticeDemo(std::filesystem::path(dir.toStdString()), hearth::ContentLibrary::loadDefault(),
                             hearth::SystemClock().nowMs(), 7);
}

/// Fills an empty profile with the demo couple (self-test and screenshots on a fresh folder).
void fillDemoIfEmpty(const QString &dir)
{
    // A manual clock lets the demo date each record when it happened, not all "now".
    hearth::ManualClock clock(hearth::SystemClock().nowMs());
    hearth::SystemRandom random;
    hearth::Store store((dir + QStringLiteral("/profile.db")).toStdString(), clock, random);
    hearth::RitualBook book(store);
    if (!book.hasProfile()) {
        const hearth::ContentLibrary content = hearth::ContentLibrary::loadDefault();
        hearth::fillDemo(book, content, clock.nowMs(), 120, 7, &clock);
        // Their therapist, linked, with exercises due, done and overdue (issue 6).
        hearth::fillCareDemo(book, content, clock.nowMs(), &clock);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("hearth"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION));
    QGuiApplication app(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Hearth: rituals, check-ins and repair for couples."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Keep the profile in <dir> (default %1).")
                                         .arg(defaultDataDirectory()),
                                     QStringLiteral("dir"));
    const QCommandLineOption selfTest(
        QStringLiteral("self-test"),
        QStringLiteral("Load every page over the profile (the demo couple when none is given), "
                       "offscreen, and exit 0 when nothing warned."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Render every page at 390x844 and 1280x800 into <dir> and exit."),
        QStringLiteral("dir"));
    const QCommandLineOption pagesOption(
        QStringLiteral("pages"),
        QStringLiteral("With --screenshot: only these pages, comma-separated (any name Main.qml's "
                       "showPage() knows, such as invite or leave on a paired profile)."),
        QStringLiteral("names"));
    const QCommandLineOption firstFrame(
        QStringLiteral("quit-after-first-frame"),
        QStringLiteral("Quit as soon as the first frame is on screen (for start-up benchmarks)."));
    const QCommandLineOption therapist(
        QStringLiteral("therapist"),
        QStringLiteral("With --self-test or --screenshot and no --data-dir: over the demo therapist's "
                       "practice instead of the demo couple."));
    parser.addOptions({dataDir, selfTest, screenshot, pagesOption, firstFrame, therapist});
    parser.process(app);

    const bool headless = parser.isSet(selfTest) || parser.isSet(screenshot);
    std::unique_ptr<QTemporaryDir> scratch;
    QString directory = parser.value(dataDir);
    if (directory.isEmpty() && headless) {
        scratch = std::make_unique<QTemporaryDir>();
        directory = scratch->path();
    }
    if (directory.isEmpty())
        directory = defaultDataDirectory();
    if (headless && !parser.isSet(dataDir)) {
        try {
            if (parser.isSet(therapist))
                fillPracticeDemoIfEmpty(directory);
            else
                fillDemoIfEmpty(directory);
        } catch (const hearth::Error &e) {
            std::fprintf(stderr, "hearth: could not make the demo profile: %s\n", e.what());
            return 1;
        }
    }
    if (QGuiApplication::platformName() == u"offscreen")
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);

    Session session(directory);
    Session::setInstance(&session);
    if (!session.ready())
        std::fprintf(stderr, "hearth: %s\n", qPrintable(session.openError()));
    // A therapist's practice over the same folder; it syncs each couple (not in headless runs,
    // whose demo couples have no server).
    PracticeSession practice(directory, session.content());
    PracticeSession::setInstance(&practice);
    if (!headless) {
        if (practice.exists())
            practice.startSync();
        QObject::connect(&practice, &PracticeSession::changed, &practice, [&practice] {
            if (practice.exists())
                practice.startSync();
        });
    }

    QQuickStyle::setStyle(QStringLiteral("Material"));
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    QList<QQmlError> problems;
    QObject::connect(&engine, &QQmlEngine::warnings, [&](const QList<QQmlError> &warnings) {
        problems << warnings;
    });
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Hearth/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        std::fprintf(stderr, "hearth: the interface could not be loaded\n");
        return 1;
    }
    QObject *root = engine.rootObjects().constFirst();
    auto *window = qobject_cast<QQuickWindow *>(root);

    if (parser.isSet(selfTest)) {
        const QStringList pages = root->property("pageNames").toStringList();
        for (const QString &page : pages) {
            if (!showPage(root, page)) {
                std::fprintf(stderr, "hearth: self-test: page %s cannot be shown\n", qPrintable(page));
                return 1;
            }
            settle(150);
        }
        for (const QQmlError &e : std::as_const(problems))
            std::fprintf(stderr, "hearth: self-test: %s\n", qPrintable(e.toString()));
        if (pages.isEmpty() || !problems.isEmpty() || !session.ready()) {
            std::fprintf(stderr, "hearth: self-test failed\n");
            return 1;
        }
        std::printf("hearth: self-test passed: %lld pages loaded without warnings\n",
                    static_cast<long long>(pages.size()));
        return 0;
    }

    if (parser.isSet(screenshot)) {
        const QString out = parser.value(screenshot);
        QDir().mkpath(out);
        const QList<QSize> sizes = {QSize(390, 844), QSize(1280, 800)};
        const QStringList pages = parser.isSet(pagesOption)
                                      ? parser.value(pagesOption).split(u',', Qt::SkipEmptyParts)
                                      : root->property("pageNames").toStringList();
        // A paired profile syncs first, so the pages show it up to date with its devices listed.
        settle(1000);
        for (const QSize &size : sizes) {
            window->resize(size);
            window->show();
            // Laid out at the new size before a page measures where to scroll.
            settle(300);
            for (const QString &page : pages) {
                showPage(root, page);
                settle(400);
                const QString file = QStringLiteral("%1/%2-%3x%4.png")
                                         .arg(out, page)
                                         .arg(size.width())
                                         .arg(size.height());
                if (!window->grabWindow().save(file)) {
                    std::fprintf(stderr, "hearth: could not save %s\n", qPrintable(file));
                    return 1;
                }
                std::printf("%s\n", qPrintable(file));
            }
        }
        for (const QQmlError &e : std::as_const(problems))
            std::fprintf(stderr, "hearth: warning: %s\n", qPrintable(e.toString()));
        return 0;
    }

    if (parser.isSet(firstFrame) && window)
        QObject::connect(window, &QQuickWindow::frameSwapped, &app, &QCoreApplication::quit,
                         Qt::QueuedConnection);
    return app.exec();
}
