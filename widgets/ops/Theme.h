#pragma once

#include <QChart>
#include <QColor>
#include <QString>

#include <optional>

class QMenu;
class QPalette;
class QWidget;

namespace nexus {

/// Light and dark themes for the whole console: the Fusion style with a light or dark QPalette,
/// and the matching QtCharts theme on every chart view, open now or opened later. The choice
/// persists in QSettings (view/theme). GUI thread only; needs a QApplication.
class Theme
{
public:
    enum class Mode
    {
        System, ///< the palette and style the application started with
        Light,
        Dark,
    };
    /// Colours for status text that read well on both palettes.
    enum class Status
    {
        Good,
        Bad,
        Neutral,
    };

    /// Applies `mode` to every window now (palette, style, chart themes), makes chart views
    /// created later follow it, and stores it as the user's choice.
    static void apply(Mode mode);
    /// The stored choice (System when none): call apply(savedMode()) once at start.
    static Mode savedMode();
    /// The mode applied last (System before any apply()).
    static Mode currentMode();

    /// True when `palette` (default: the application's) has a dark window background.
    static bool isDark();
    static bool isDark(const QPalette& palette);
    /// The QtCharts theme that matches the application palette now.
    static QChart::ChartTheme chartTheme();
    static QColor statusColor(Status status);
    /// The Fusion dark palette used by Mode::Dark.
    static QPalette darkPalette();

    /// A "Theme" submenu with System / Light / Dark as exclusive checkable actions; choosing one
    /// applies and stores it. Owned by `parent`; add it with `menu->addMenu(...)`.
    static QMenu* makeThemeMenu(QWidget* parent);

    static QString modeName(Mode mode);
    static std::optional<Mode> modeFromName(const QString& name);
};

} // namespace nexus
