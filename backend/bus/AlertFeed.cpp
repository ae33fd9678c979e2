#include "backend/bus/AlertFeed.h"

#include "backend/bus/KafkaConsumer.h"
#include "backend/codec/AlertCodec.h"
#include "backend/store/StoreQueries.h"
#include "models/events/Topics.h"

#include <pqxx/pqxx>

#include <unistd.h>

#include <algorithm>

namespace nexus {

namespace {
constexpr DurationUs kStoreWaitUs = 10 * kUsPerSecond; ///< how long an acknowledgement waits for its episode's row
constexpr DurationUs kRetryUs = 500 * kUsPerMs;         ///< between two looks for that row
} // namespace

AlertFeed::AlertFeed(BusSettings settings, std::string storeConnection)
    : m_settings(std::move(settings)), m_storeConnection(std::move(storeConnection))
{
}

AlertFeed::~AlertFeed()
{
    stop();
}

bool AlertFeed::start(std::string& error)
{
    m_stop = false;
    // A group of its own per console process: every console sees every alert.
    const std::string group = "nexus-console-alerts-" + std::to_string(::getpid());
    auto consumer = KafkaConsumer::create(m_settings, group, error,
                                          {{"auto.offset.reset", "earliest"}, {"enable.auto.commit", "false"}});
    if (!consumer || !consumer->subscribe({std::string(topics::kAlerts)}, error))
        return false;
    m_thread = std::thread([this, c = std::shared_ptr<KafkaConsumer>(std::move(consumer))] {
        std::vector<KafkaMessagePtr> messages;
        AlertDecoder decoder;
        std::vector<AlertEvent> decoded;
        while (!m_stop.load(std::memory_order_relaxed)) {
            c->consumeBatch(messages, 1000, 100);
            decoded.clear();
            for (const KafkaMessagePtr& m : messages) {
                if (m->err)
                    continue;
                AlertEvent a;
                if (decoder.decode(std::string_view(static_cast<const char*>(m->payload), m->len), a).ok())
                    decoded.push_back(std::move(a));
                else
                    m_undecodable.fetch_add(1, std::memory_order_relaxed);
            }
            std::vector<Acknowledgement> requests;
            {
                std::lock_guard lock(m_mutex);
                m_alerts.insert(m_alerts.end(), std::make_move_iterator(decoded.begin()),
                                std::make_move_iterator(decoded.end()));
                const TimestampUs now = wallClockUs();
                const auto waiting = std::partition(m_requests.begin(), m_requests.end(),
                                                    [now](const Acknowledgement& a) { return a.nextTryUs <= now; });
                requests.assign(m_requests.begin(), waiting);
                m_requests.erase(m_requests.begin(), waiting);
            }
            if (!requests.empty())
                storeAcknowledgements(requests);
        }
        c->close();
    });
    return true;
}

void AlertFeed::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void AlertFeed::acknowledge(const std::string& alertId, const std::string& who)
{
    Acknowledgement a;
    a.alertId = alertId;
    a.who = who;
    a.requestedAtUs = wallClockUs();
    std::lock_guard lock(m_mutex);
    m_requests.push_back(std::move(a));
}

void AlertFeed::take(std::vector<AlertEvent>& alerts, std::vector<Acknowledgement>& acks)
{
    std::lock_guard lock(m_mutex);
    alerts.swap(m_alerts);
    m_alerts.clear();
    acks.swap(m_results);
    m_results.clear();
}

std::string AlertFeed::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

void AlertFeed::storeAcknowledgements(std::vector<Acknowledgement>& requests)
{
    std::vector<Acknowledgement> retry;
    std::string problem;
    try {
        if (!m_db && !m_storeConnection.empty())
            m_db = std::make_unique<pqxx::connection>(m_storeConnection);
        pqxx::connection* db = m_db.get();
        for (Acknowledgement& a : requests) {
            a.atUs = wallClockUs();
            // Without a store the acknowledgement lives in this console only; say so.
            if (!db) {
                a.ok = true;
                a.note = "kept in this console only (no store)";
            } else {
                switch (store::acknowledgeAlert(*db, a.alertId, a.who)) {
                case store::AckResult::Acknowledged:
                    a.ok = true;
                    break;
                case store::AckResult::AlreadyAcknowledged:
                    a.note = "someone acknowledged " + a.alertId + " already";
                    break;
                case store::AckResult::NotStored:
                    // The writer stores an alert a moment after it is published: try again shortly.
                    if (wallClockUs() - a.requestedAtUs < kStoreWaitUs) {
                        a.nextTryUs = wallClockUs() + kRetryUs;
                        retry.push_back(a);
                        continue;
                    }
                    a.note = "the store has no episode " + a.alertId;
                    break;
                }
            }
        }
    } catch (const std::exception& e) {
        m_db.reset(); // reconnect next time
        problem = e.what();
        for (Acknowledgement& a : requests)
            if (!a.ok) // the ones before the failure were stored
                a.note = "cannot reach the store: " + problem;
    }
    std::lock_guard lock(m_mutex);
    for (const Acknowledgement& a : requests)
        if (std::none_of(retry.begin(), retry.end(), [&](const Acknowledgement& r) { return r.alertId == a.alertId; }))
            m_results.push_back(a);
    m_requests.insert(m_requests.end(), retry.begin(), retry.end());
    if (!problem.empty())
        m_lastError = problem;
}

} // namespace nexus
