#include "backend/runtime/Runtime.h"

#include "backend/bus/BusMonitor.h"
#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/TopicAdmin.h"
#include "backend/runtime/KafkaHealthSink.h"

namespace nexus {

Runtime::Runtime(RuntimeOptions options) : m_options(std::move(options)) {}

Runtime::~Runtime() { stop(); }

bool Runtime::start(std::string& error)
{
    if (m_running)
        return true;
    if (m_options.bus.embedded) {
        m_cluster = EmbeddedCluster::start(m_options.embeddedBrokers, error);
        if (!m_cluster)
            return false;
        m_options.bus.bootstrap = m_cluster->bootstrap();
    } else if (!ensureCatalogueTopics(m_options.bus, m_options.connectTimeoutMs, error)) {
        return false;
    }

    m_monitor = std::make_unique<BusMonitor>(m_options.bus);
    if (!m_monitor->start(error))
        return false;
    if (m_options.runProcessor) {
        ProcessorOptions processor = m_options.processor;
        processor.topicsStartEmpty = m_cluster != nullptr; // we just created them
        m_processor = std::make_unique<HealthProcessor>(m_options.bus, processor);
        if (!m_processor->start(error)) {
            error = "processor: " + error;
            return false;
        }
    }
    m_running = true;
    return true;
}

void Runtime::stop()
{
    if (m_processor)
        m_processor->stop();
    if (m_monitor)
        m_monitor->stop();
    m_processor.reset();
    m_monitor.reset();
    m_cluster.reset();
    m_running = false;
}

std::unique_ptr<KafkaHealthSink> Runtime::createHealthSink(std::string& error) const
{
    auto producer = KafkaProducer::create(m_options.bus, error);
    if (!producer)
        return nullptr;
    return std::make_unique<KafkaHealthSink>(std::move(producer));
}

ProcessorStats Runtime::processorStats() const { return m_processor ? m_processor->stats() : ProcessorStats{}; }

std::string Runtime::busProblem() const { return m_monitor ? m_monitor->lastError() : std::string(); }

void Runtime::fillSnapshot(StackSnapshot& s) const
{
    s.running = m_running;
    s.embedded = m_options.bus.embedded;
    s.bootstrap = m_options.bus.bootstrap;
    if (m_processor) {
        ProcessorStats p = m_processor->stats();
        s.batchesConsumed = p.batches;
        s.samplesConsumed = p.samples;
        s.duplicateSamples = p.duplicateSamples;
        s.malformedMessages = p.malformed;
        s.lostMessages = p.lostMessages;
        s.twinUpdatesPublished = p.twinUpdates;
        s.consumerLag = p.lag;
        s.usersTracked = p.usersTracked;
        s.endToEnd = p.endToEnd;
        s.mostActive = std::move(p.mostActive);
    }
    if (m_monitor)
        s.topics = m_monitor->topics(&s.topicsSampledAtUs);
}

} // namespace nexus
