#include "backend/processing/ProcessorThread.h"

#include "backend/bus/KafkaConsumer.h"
#include "backend/bus/KafkaProducer.h"

namespace nexus {

ProcessorThread::ProcessorThread() = default;

ProcessorThread::~ProcessorThread()
{
    stop();
}

bool ProcessorThread::create(const BusSettings& settings, const std::string& groupId, std::string& error)
{
    m_consumer = KafkaConsumer::create(settings, groupId, error);
    if (!m_consumer)
        return false;
    m_producer = KafkaProducer::create(settings, error);
    return m_producer != nullptr;
}

bool ProcessorThread::start(const std::vector<std::string>& topics, std::function<void()> loop, std::string& error)
{
    if (!m_consumer || !m_producer) {
        error = "the processor's Kafka clients were not created";
        return false;
    }
    if (!m_consumer->subscribe(topics, error))
        return false;
    m_stop = false;
    m_thread = std::thread(std::move(loop));
    return true;
}

void ProcessorThread::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_consumer)
        m_consumer->close();
    if (m_producer)
        m_producer->flush(5000);
}

} // namespace nexus
