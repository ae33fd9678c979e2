#include "backend/bus/MessageBrowser.h"

#include "backend/bus/KafkaConf.h"
#include "backend/bus/KafkaProducer.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <iterator>
#include <map>
#include <mutex>

namespace nexus {

struct MessageBrowser::Session
{
    explicit Session(BrowseRequest r) : request(std::move(r)) {}

    const BrowseRequest request;
    std::atomic<bool> cancel{false};
    std::mutex mutex;                   // guards the two below
    std::deque<BrowsedMessage> pending; // matches not taken yet, oldest first
    BrowseProgress progress;
};

namespace {

constexpr int kRequestTimeoutMs = 5000;
constexpr int kPollMs = 100; // how long a cancel can go unnoticed while reading
constexpr int kProbeTimeoutMs = 10000;
constexpr std::size_t kBatch = 1000;

struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

// The reader never joins its group nor commits, so the consumer close handshake is pointless.
struct ReaderDeleter
{
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE); }
};
struct QueueDeleter
{
    void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};

std::string trimmed(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

bool isFatal(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
           err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
           err == RD_KAFKA_RESP_ERR__FATAL;
}

/// The browse filter, applied in the reader so that only matches cross to the GUI.
class MessageMatcher
{
public:
    explicit MessageMatcher(const BrowseRequest& r) : m_mode(r.filterMode), m_text(r.filterText)
    {
        if (m_text.empty())
            m_mode = BrowseFilterMode::None;
        if (m_mode != BrowseFilterMode::Field)
            return;
        const auto eq = m_text.find('=');
        m_field = trimmed(std::string_view(m_text).substr(0, eq));
        if (eq == std::string::npos || m_field.empty()) {
            m_problem = "a field filter reads name=value, e.g. user_id=u0000042";
            return;
        }
        m_value = trimmed(std::string_view(m_text).substr(eq + 1));
        if (m_value.size() >= 2 && m_value.front() == '"' && m_value.back() == '"')
            m_value = m_value.substr(1, m_value.size() - 2); // user_id="u1" means the string u1
    }

    /// Empty when the filter can be applied; otherwise why not.
    const std::string& problem() const { return m_problem; }

    bool matches(std::string_view key, std::string_view payload)
    {
        switch (m_mode) {
        case BrowseFilterMode::None:
            return true;
        case BrowseFilterMode::Key:
            return key == m_text;
        case BrowseFilterMode::Text:
            return payload.find(m_text) != std::string_view::npos;
        case BrowseFilterMode::Field:
            return fieldMatches(payload);
        }
        return false;
    }

private:
    bool fieldMatches(std::string_view payload)
    {
        simdjson::dom::element doc;
        simdjson::dom::object object;
        simdjson::dom::element value;
        if (m_parser.parse(payload.data(), payload.size()).get(doc) || doc.get_object().get(object) ||
            object.at_key(m_field).get(value))
            return false;
        std::string_view text;
        if (!value.get_string().get(text))
            return text == m_value;
        return simdjson::minify(value) == m_value; // numbers, booleans, null: their JSON text
    }

    BrowseFilterMode m_mode;
    std::string m_text;
    std::string m_field;
    std::string m_value;
    std::string m_problem;
    simdjson::dom::parser m_parser;
};

/// One browse, start to end, on its worker thread.
class BrowseRun
{
public:
    BrowseRun(const BusSettings& settings, MessageBrowser::Session& session, std::size_t bufferLimit)
        : m_settings(settings), m_session(session), m_request(session.request), m_limit(bufferLimit),
          m_matcher(session.request)
    {
    }

    void run()
    {
        std::string error = m_matcher.problem();
        publish(BrowseState::Resolving, {});
        if (!error.empty() || !open(error) || !findPartitions(error) || !resolveStarts(error)) {
            publish(cancelled() ? BrowseState::Cancelled : BrowseState::Failed, error);
            return;
        }
        read();
    }

private:
    struct Partition
    {
        std::int64_t low = 0;
        std::int64_t high = 0;   // the high watermark when the browse started
        std::int64_t start = 0;  // the first offset to read
        bool probe = false;      // timestamp start the broker could not resolve (see resolveTimestamps)
        bool skipToTime = false; // skip messages older than the requested time, then read on
        bool caughtUp = false;   // read up to `high` (or it was empty)
        bool done = false;       // nothing more to read (no follow)
    };

    bool cancelled() const { return m_session.cancel.load(std::memory_order_relaxed); }

    bool open(std::string& error)
    {
        const KafkaProperties tuning{
            {"fetch.wait.max.ms", "100"},
            {"queued.max.messages.kbytes", "262144"},
        };
        KafkaHandlePtr rk = makeAssignOnlyConsumer(m_settings, "nexus-console-message-browser", tuning, error);
        if (!rk)
            return false;
        m_rk.reset(rk.release());
        m_queue.reset(rd_kafka_queue_get_consumer(m_rk.get()));
        return true;
    }

    bool findPartitions(std::string& error)
    {
        const rd_kafka_metadata_t* md = nullptr;
        if (rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk.get(), 1, nullptr, &md, kRequestTimeoutMs)) {
            error = "cannot read the topics from " + m_settings.bootstrap + ": " + rd_kafka_err2str(err);
            return false;
        }
        int count = 0;
        for (int i = 0; i < md->topic_cnt; ++i)
            if (m_request.topic == md->topics[i].topic && !md->topics[i].err)
                count = md->topics[i].partition_cnt;
        rd_kafka_metadata_destroy(md);
        if (count == 0) {
            error = "topic '" + m_request.topic + "' does not exist";
            return false;
        }
        m_partitionCount = count;
        if (m_request.partition >= count) {
            error = "topic '" + m_request.topic + "' has partitions 0 to " + std::to_string(count - 1);
            return false;
        }
        for (int p = 0; p < count; ++p)
            if (m_request.partition < 0 || m_request.partition == p)
                m_partitions[p] = {};
        return true;
    }

    bool resolveStarts(std::string& error)
    {
        for (auto& [id, p] : m_partitions) {
            if (cancelled())
                return false;
            if (rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(m_rk.get(), m_request.topic.c_str(), id,
                                                                           &p.low, &p.high, kRequestTimeoutMs)) {
                error = "watermarks of " + m_request.topic + "[" + std::to_string(id) + "]: " + rd_kafka_err2str(err);
                return false;
            }
            if (m_request.start == BrowseStart::Newest)
                p.start = std::max(p.low, p.high - std::max<std::int64_t>(0, m_request.count));
            else
                p.start = std::clamp(m_request.offset, p.low, p.high);
        }
        if (m_request.start == BrowseStart::Timestamp && (!resolveTimestamps(error) || !probe(error)))
            return false;
        for (auto& [id, p] : m_partitions) {
            p.caughtUp = p.start >= p.high;
            p.done = p.caughtUp && !m_request.follow;
            m_toScan += std::uint64_t(std::max<std::int64_t>(0, p.high - p.start));
        }
        return true;
    }

    bool resolveTimestamps(std::string& error)
    {
        PartitionListPtr list(rd_kafka_topic_partition_list_new(int(m_partitions.size())));
        for (const auto& [id, p] : m_partitions)
            rd_kafka_topic_partition_list_add(list.get(), m_request.topic.c_str(), id)->offset = m_request.timestampMs;
        if (rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(m_rk.get(), list.get(), kRequestTimeoutMs)) {
            error = std::string("cannot look up offsets by time: ") + rd_kafka_err2str(err);
            return false;
        }
        for (int i = 0; i < list->cnt; ++i) {
            const rd_kafka_topic_partition_t& tp = list->elems[i];
            Partition& p = m_partitions[tp.partition];
            if (tp.err) {
                error = "offset by time of " + m_request.topic + "[" + std::to_string(tp.partition) +
                        "]: " + rd_kafka_err2str(tp.err);
                return false;
            }
            // -1: no message at or after the time — or a broker that cannot look times up
            // (librdkafka's mock cluster, our embedded bus, always answers -1). probe() tells which.
            p.start = tp.offset >= 0 ? std::clamp<std::int64_t>(tp.offset, p.low, p.high) : p.high;
            p.probe = tp.offset < 0 && p.low < p.high;
        }
        return true;
    }

    /// Reads the newest message of each partition the broker said has nothing at or after the
    /// time: when that message is that recent after all, the partition is scanned from its
    /// oldest message, skipping the older ones.
    bool probe(std::string& error)
    {
        PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
        for (const auto& [id, p] : m_partitions)
            if (p.probe)
                rd_kafka_topic_partition_list_add(list.get(), m_request.topic.c_str(), id)->offset = p.high - 1;
        int remaining = list->cnt;
        if (remaining == 0)
            return true;
        if (rd_kafka_resp_err_t err = rd_kafka_assign(m_rk.get(), list.get())) {
            error = std::string("cannot read the newest messages: ") + rd_kafka_err2str(err);
            return false;
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kProbeTimeoutMs);
        std::vector<rd_kafka_message_t*> batch(kBatch);
        while (remaining > 0 && !cancelled() && std::chrono::steady_clock::now() < deadline) {
            const ssize_t n = rd_kafka_consume_batch_queue(m_queue.get(), kPollMs, batch.data(), batch.size());
            for (ssize_t i = 0; i < n; ++i) {
                const rd_kafka_message_t* m = batch[std::size_t(i)];
                auto it = m_partitions.find(m->partition);
                if (it != m_partitions.end() && it->second.probe &&
                    (!m->err || m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)) {
                    it->second.probe = false;
                    --remaining;
                    if (!m->err && rd_kafka_message_timestamp(m, nullptr) >= m_request.timestampMs) {
                        it->second.start = it->second.low;
                        it->second.skipToTime = true;
                    }
                } else if (m->err && isFatal(m->err)) {
                    error = rd_kafka_message_errstr(m);
                }
                rd_kafka_message_destroy(batch[std::size_t(i)]);
            }
            if (!error.empty())
                return false;
        }
        rd_kafka_assign(m_rk.get(), nullptr);
        if (remaining > 0 && !cancelled())
            error = "no answer from " + std::to_string(remaining) + " partition(s) within " +
                    std::to_string(kProbeTimeoutMs / 1000) + " s";
        return remaining == 0;
    }

    void read()
    {
        PartitionListPtr list(rd_kafka_topic_partition_list_new(int(m_partitions.size())));
        for (const auto& [id, p] : m_partitions)
            if (!p.done)
                rd_kafka_topic_partition_list_add(list.get(), m_request.topic.c_str(), id)->offset = p.start;
        if (list->cnt > 0) {
            if (rd_kafka_resp_err_t err = rd_kafka_assign(m_rk.get(), list.get())) {
                publish(BrowseState::Failed, std::string("cannot assign the partitions: ") + rd_kafka_err2str(err));
                return;
            }
        }
        std::vector<rd_kafka_message_t*> batch(kBatch);
        std::string warning;
        for (;;) {
            const BrowseState state = currentState();
            if (state == BrowseState::Finished || !m_failure.empty() || cancelled()) {
                publish(cancelled()         ? BrowseState::Cancelled
                        : m_failure.empty() ? state
                                            : BrowseState::Failed,
                        m_failure.empty() ? warning : m_failure);
                return;
            }
            publish(state, warning);
            const ssize_t n = rd_kafka_consume_batch_queue(m_queue.get(), kPollMs, batch.data(), batch.size());
            for (ssize_t i = 0; i < n; ++i) {
                handle(*batch[std::size_t(i)], warning);
                rd_kafka_message_destroy(batch[std::size_t(i)]);
            }
        }
    }

    void handle(const rd_kafka_message_t& m, std::string& warning)
    {
        auto it = m_partitions.find(m.partition);
        if (m.err) {
            if (m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF && it != m_partitions.end())
                reachedEnd(it->second);
            else if (isFatal(m.err))
                m_failure = rd_kafka_message_errstr(&m);
            else if (m.err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                warning = rd_kafka_message_errstr(&m); // e.g. an offset the bus dropped: say so
            return;
        }
        if (it == m_partitions.end() || it->second.done)
            return;
        Partition& p = it->second;
        if (!m_request.follow && m.offset >= p.high) { // newer than the browse: not asked for
            reachedEnd(p);
            return;
        }
        ++m_scanned;
        const std::int64_t ts = rd_kafka_message_timestamp(&m, nullptr);
        if (p.skipToTime && ts >= 0 && ts < m_request.timestampMs) {
            if (m.offset >= p.high - 1)
                reachedEnd(p);
            return;
        }
        p.skipToTime = false; // the first message at or after the time: everything after it counts
        const std::string_view key(static_cast<const char*>(m.key), m.key ? m.key_len : 0);
        const std::string_view payload(static_cast<const char*>(m.payload), m.payload ? m.len : 0);
        if (m_matcher.matches(key, payload)) {
            ++m_matched;
            m_matches.push_back({m_request.topic, m.partition, m.offset, ts, std::string(key), std::string(payload)});
        }
        if (m.offset >= p.high - 1)
            reachedEnd(p);
    }

    void reachedEnd(Partition& p)
    {
        p.caughtUp = true;
        p.done = !m_request.follow;
    }

    BrowseState currentState() const
    {
        const bool all = std::all_of(m_partitions.begin(), m_partitions.end(),
                                     [](const auto& entry) { return entry.second.caughtUp; });
        if (!all)
            return BrowseState::Scanning;
        return m_request.follow ? BrowseState::Following : BrowseState::Finished;
    }

    /// Hands the matches so far and the counters to the owner (one short lock per batch).
    void publish(BrowseState state, const std::string& error)
    {
        std::lock_guard lock(m_session.mutex);
        for (BrowsedMessage& m : m_matches)
            m_session.pending.push_back(std::move(m));
        m_matches.clear();
        while (m_session.pending.size() > m_limit) {
            m_session.pending.pop_front();
            ++m_session.progress.dropped;
        }
        BrowseProgress& p = m_session.progress;
        p.state = state;
        p.scanned = m_scanned;
        p.toScan = m_toScan;
        p.matched = m_matched;
        p.partitions = m_partitionCount;
        p.error = error;
    }

    const BusSettings& m_settings;
    MessageBrowser::Session& m_session;
    const BrowseRequest& m_request;
    const std::size_t m_limit;
    MessageMatcher m_matcher;
    std::unique_ptr<rd_kafka_t, ReaderDeleter> m_rk;
    std::unique_ptr<rd_kafka_queue_t, QueueDeleter> m_queue; // declared after m_rk: destroyed first
    std::map<std::int32_t, Partition> m_partitions;
    std::vector<BrowsedMessage> m_matches; // not published yet
    std::int32_t m_partitionCount = 0;
    std::uint64_t m_scanned = 0;
    std::uint64_t m_toScan = 0;
    std::uint64_t m_matched = 0;
    std::string m_failure; // a fatal error met while reading
};

bool produceOne(const BusSettings& settings, const std::string& topic, const std::string& key,
                const std::string& payload, std::string& error)
{
    auto producer = KafkaProducer::create(settings, error, {{"message.timeout.ms", "10000"}});
    if (!producer)
        return false;
    // An empty key goes out as no key, as most producers send a message without one.
    if (!producer->produce(topic, key.empty() ? std::string_view() : std::string_view(key), payload)) {
        error = producer->lastError();
        return false;
    }
    producer->flush(15000);
    if (producer->delivered() == 1)
        return true;
    error = producer->lastError().empty() ? "not delivered within 10 s" : producer->lastError();
    return false;
}

} // namespace

MessageBrowser::MessageBrowser(BusSettings settings, std::size_t bufferLimit)
    : m_settings(std::move(settings)), m_bufferLimit(std::max<std::size_t>(1, bufferLimit))
{
}

MessageBrowser::~MessageBrowser()
{
    cancel();
    for (Worker& w : m_workers)
        if (w.thread.joinable())
            w.thread.join();
}

void MessageBrowser::browse(const BrowseRequest& request)
{
    cancel();
    reapFinished();
    auto session = std::make_shared<Session>(request);
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([settings = m_settings, session, limit = m_bufferLimit, done] {
        BrowseRun(settings, *session, limit).run();
        done->store(true);
    });
    m_workers.push_back({std::move(thread), std::move(done)});
    m_current = std::move(session);
}

void MessageBrowser::cancel()
{
    if (m_current)
        m_current->cancel.store(true);
}

BrowseProgress MessageBrowser::take(std::vector<BrowsedMessage>& out)
{
    out.clear();
    if (!m_current)
        return {};
    std::lock_guard lock(m_current->mutex);
    out.assign(std::make_move_iterator(m_current->pending.begin()), std::make_move_iterator(m_current->pending.end()));
    m_current->pending.clear();
    return m_current->progress;
}

void MessageBrowser::reproduce(std::string topic, std::string key, std::string payload, ReproduceDone done)
{
    reapFinished();
    auto finished = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([settings = m_settings, to = std::move(topic), k = std::move(key), bytes = std::move(payload),
                        report = std::move(done), finished] {
        std::string error;
        const bool ok = produceOne(settings, to, k, bytes, error);
        if (report)
            report(ok, error);
        finished->store(true);
    });
    m_workers.push_back({std::move(thread), std::move(finished)});
}

void MessageBrowser::reapFinished()
{
    for (auto it = m_workers.begin(); it != m_workers.end();) {
        if (it->done->load()) {
            it->thread.join();
            it = m_workers.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace nexus
