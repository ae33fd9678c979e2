#include "backend/bus/KafkaProducer.h"

#include <chrono>

namespace nexus {

KafkaProperties KafkaProducer::defaultTuning()
{
    return {
        {"enable.idempotence", "true"},
        {"linger.ms", "5"},
        {"queue.buffering.max.messages", "1000000"},
        {"queue.buffering.max.kbytes", "1048576"},
    };
}

std::unique_ptr<KafkaProducer> KafkaProducer::create(const BusSettings& settings, std::string& error,
                                                     const KafkaProperties& tuning)
{
    KafkaProperties all = defaultTuning();
    all.insert(all.end(), tuning.begin(), tuning.end());
    KafkaConfPtr conf = makeKafkaConf(settings, all, error);
    if (!conf)
        return nullptr;
    std::unique_ptr<KafkaProducer> p(new KafkaProducer());
    rd_kafka_conf_set_opaque(conf.get(), p.get());
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaProducer::onDelivery);
    p->m_rk = makeKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!p->m_rk)
        return nullptr;
    return p;
}

KafkaProducer::~KafkaProducer()
{
    if (m_rk)
        rd_kafka_flush(m_rk.get(), 2000);
    for (auto& [name, rkt] : m_topics)
        rd_kafka_topic_destroy(rkt);
}

void KafkaProducer::onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque)
{
    auto* self = static_cast<KafkaProducer*>(opaque);
    if (msg->err) {
        self->m_failed.fetch_add(1, std::memory_order_relaxed);
        self->m_lastError = rd_kafka_err2str(msg->err);
    } else {
        self->m_delivered.fetch_add(1, std::memory_order_relaxed);
    }
}

rd_kafka_topic_t* KafkaProducer::topicHandle(std::string_view topic)
{
    auto it = m_topics.find(std::string(topic));
    if (it != m_topics.end())
        return it->second;
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(m_rk.get(), std::string(topic).c_str(), nullptr);
    if (rkt)
        m_topics.emplace(std::string(topic), rkt);
    return rkt;
}

bool KafkaProducer::produce(std::string_view topic, std::string_view key, std::string_view payload, int blockMs)
{
    rd_kafka_topic_t* rkt = topicHandle(topic);
    if (!rkt) {
        m_lastError = "cannot open topic " + std::string(topic);
        return false;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(blockMs);
    for (;;) {
        const int rc = rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                                        const_cast<char*>(payload.data()), payload.size(), key.data(), key.size(),
                                        nullptr);
        if (rc == 0) {
            m_enqueued.fetch_add(1, std::memory_order_relaxed);
            return true;
        }
        const rd_kafka_resp_err_t err = rd_kafka_last_error();
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || std::chrono::steady_clock::now() >= deadline) {
            m_lastError = rd_kafka_err2str(err);
            return false;
        }
        rd_kafka_poll(m_rk.get(), 10); // make room by serving delivery reports
    }
}

void KafkaProducer::poll(int timeoutMs) { rd_kafka_poll(m_rk.get(), timeoutMs); }

bool KafkaProducer::flush(int timeoutMs) { return rd_kafka_flush(m_rk.get(), timeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR; }

} // namespace nexus
