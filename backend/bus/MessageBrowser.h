#pragma once

#include "backend/bus/BusSettings.h"
#include "models/ops/BrowsedMessage.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace nexus {

/// The Kafka side of the console's message browser. Each browse runs on its own thread with its
/// own consumer outside any consumer group (explicit assignment, nothing committed), so it
/// never disturbs the processors' groups. It reads from the requested start (newest N, an
/// offset or a timestamp) up to the high watermarks seen at the start — or on, with follow —
/// filters in the reader, and queues the matches for the owner to take, bounded to
/// `bufferLimit` (the oldest are dropped and counted when the owner falls behind).
///
/// The owner (one thread, the GUI's in the console) calls every method; none blocks on I/O
/// except the destructor, which cancels and joins the worker threads.
class MessageBrowser
{
public:
    static constexpr std::size_t kDefaultBufferLimit = 10000;
    /// Called on a worker thread once a re-produced message was delivered (`ok`) or failed.
    using ReproduceDone = std::function<void(bool ok, const std::string& error)>;

    explicit MessageBrowser(BusSettings settings, std::size_t bufferLimit = kDefaultBufferLimit);
    ~MessageBrowser();
    MessageBrowser(const MessageBrowser&) = delete;
    MessageBrowser& operator=(const MessageBrowser&) = delete;

    /// Starts reading `request` on a new thread. A browse still running is cancelled and
    /// abandoned: take() reports only the new one from now on.
    void browse(const BrowseRequest& request);
    /// Asks the running browse to stop; returns at once. Its state turns Cancelled.
    void cancel();
    /// Moves the matches queued since the last call (oldest first) into `out` and returns the
    /// progress as of the same instant, so a terminal state means `out` held the last of them.
    BrowseProgress take(std::vector<BrowsedMessage>& out);

    /// Produces one message to `topic` on a new thread (a null key when `key` is empty) and calls
    /// `done` there once it was delivered or failed (at most about 10 s).
    void reproduce(std::string topic, std::string key, std::string payload, ReproduceDone done);

    struct Session; // one browse's shared state (MessageBrowser.cpp)

private:
    struct Worker
    {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done; // set by the thread as its last step
    };
    void reapFinished();

    BusSettings m_settings;
    std::size_t m_bufferLimit;
    std::shared_ptr<Session> m_current; // the browse take() reports on; owner thread only
    std::vector<Worker> m_workers;      // owner thread only
};

} // namespace nexus
