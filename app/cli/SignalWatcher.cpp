#include "app/cli/SignalWatcher.h"

#include <QTimer>

#include <atomic>
#include <csignal>

namespace nexus::cli {

namespace {
std::atomic<bool> g_stop{false};
extern "C" void onSignal(int) { g_stop.store(true); }
} // namespace

SignalWatcher::SignalWatcher(QObject* parent) : QObject(parent)
{
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, [this] {
        if (g_stop.exchange(false))
            emit stopRequested();
    });
    timer->start(50);
}

} // namespace nexus::cli
