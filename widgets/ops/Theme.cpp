#include "widgets/ops/Theme.h"

#include <QActionGroup>
#include <QApplication>
#include <QChartView>
#include <QEvent>
#include <QMenu>
#include <QPalette>
#include <QPointer>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace nexus {

namespace {

constexpr const char* kSettingsKey = "view/theme";

/// The application's look before the first apply(): what Mode::System returns to.
struct SystemLook
{
    QString styleName;
    QPalette palette;
};

const SystemLook& systemLook()
{
    static const SystemLook look{QApplication::style()->name(), QApplication::palette()};
    return look;
}

Theme::Mode g_mode = Theme::Mode::System; // GUI thread only

void themeChart(QChartView* view, QChart::ChartTheme theme)
{
    if (view->chart() && view->chart()->theme() != theme)
        view->chart()->setTheme(theme);
}

/// Gives chart views that appear after apply() the current chart theme (they are built with
/// QtCharts' default, the light theme). Installed on the application once.
class ChartThemeFollower : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Show)
            if (auto* view = qobject_cast<QChartView*>(watched))
                themeChart(view, Theme::chartTheme());
        return false;
    }
};

void followNewCharts()
{
    static QPointer<ChartThemeFollower> follower;
    if (follower)
        return;
    follower = new ChartThemeFollower(qApp);
    qApp->installEventFilter(follower);
}

} // namespace

QPalette Theme::darkPalette()
{
    const QColor window(53, 53, 53), base(35, 35, 35), text(230, 230, 230), disabled(127, 127, 127);
    const QColor highlight(42, 130, 218);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(45, 45, 45));
    p.setColor(QPalette::ToolTipBase, QColor(25, 25, 25));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Light, QColor(75, 75, 75));
    p.setColor(QPalette::Midlight, QColor(62, 62, 62));
    p.setColor(QPalette::Mid, QColor(45, 45, 45));
    p.setColor(QPalette::Dark, QColor(25, 25, 25));
    p.setColor(QPalette::Shadow, QColor(10, 10, 10));
    p.setColor(QPalette::Link, QColor(90, 160, 240));
    p.setColor(QPalette::LinkVisited, QColor(170, 130, 230));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(80, 80, 80));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, disabled);
    return p;
}

void Theme::apply(Mode mode)
{
    const SystemLook& look = systemLook(); // before anything changes
    const QString style = mode == Mode::System ? look.styleName : QStringLiteral("Fusion");
    if (QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(style));
    switch (mode) {
    case Mode::System:
        QApplication::setPalette(look.palette);
        break;
    case Mode::Light:
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Mode::Dark:
        QApplication::setPalette(darkPalette());
        break;
    }
    g_mode = mode;
    const QChart::ChartTheme charts = chartTheme();
    for (QWidget* w : QApplication::allWidgets())
        if (auto* view = qobject_cast<QChartView*>(w))
            themeChart(view, charts);
    followNewCharts();
    QSettings().setValue(kSettingsKey, modeName(mode));
}

Theme::Mode Theme::savedMode()
{
    return modeFromName(QSettings().value(kSettingsKey).toString()).value_or(Mode::System);
}

Theme::Mode Theme::currentMode()
{
    return g_mode;
}

bool Theme::isDark()
{
    return isDark(QApplication::palette());
}

bool Theme::isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QChart::ChartTheme Theme::chartTheme()
{
    return isDark() ? QChart::ChartThemeDark : QChart::ChartThemeLight;
}

QColor Theme::statusColor(Status status)
{
    const bool dark = isDark();
    switch (status) {
    case Status::Good:
        return dark ? QColor(129, 199, 132) : QColor(27, 126, 42);
    case Status::Bad:
        return dark ? QColor(239, 154, 154) : QColor(179, 38, 30);
    case Status::Neutral:
        break;
    }
    return dark ? QColor(170, 170, 170) : QColor(100, 100, 100);
}

QMenu* Theme::makeThemeMenu(QWidget* parent)
{
    auto* menu = new QMenu(QObject::tr("&Theme"), parent);
    menu->setObjectName("themeMenu");
    auto* group = new QActionGroup(menu);
    group->setExclusive(true);
    const std::pair<Mode, QString> choices[] = {{Mode::System, QObject::tr("&System")},
                                                {Mode::Light, QObject::tr("&Light")},
                                                {Mode::Dark, QObject::tr("&Dark")}};
    for (const auto& [mode, text] : choices) {
        QAction* action = menu->addAction(text);
        action->setCheckable(true);
        action->setData(modeName(mode));
        action->setActionGroup(group);
        QObject::connect(action, &QAction::triggered, menu, [m = mode] { apply(m); });
    }
    // Another window's menu may have changed the theme since: show what is in force.
    const auto showCurrent = [group] {
        for (QAction* a : group->actions())
            a->setChecked(a->data().toString() == modeName(currentMode()));
    };
    QObject::connect(menu, &QMenu::aboutToShow, menu, showCurrent);
    showCurrent();
    return menu;
}

QString Theme::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::System:
        break;
    }
    return QStringLiteral("system");
}

std::optional<Theme::Mode> Theme::modeFromName(const QString& name)
{
    for (const Mode m : {Mode::System, Mode::Light, Mode::Dark})
        if (name.compare(modeName(m), Qt::CaseInsensitive) == 0)
            return m;
    return std::nullopt;
}

} // namespace nexus
