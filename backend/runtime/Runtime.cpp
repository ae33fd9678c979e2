#include "backend/runtime/Runtime.h"

#include "backend/bus/BusMonitor.h"
#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/TopicAdmin.h"
#include "backend/runtime/KafkaHealthSink.h"
#include "backend/store/EmbeddedPostgres.h"
#include "backend/store/Migrator.h"
#include "backend/store/StoreWriter.h"
#include "models/metrics/StackComponents.h"
#include "models/events/Topics.h"

#include <QLoggingCategory>

#include <pqxx/pqxx>

namespace nexus {

Q_LOGGING_CATEGORY(lcRuntime, "nexus.runtime")

Runtime::Runtime(RuntimeOptions options) : m_options(std::move(options)) {}

bool Runtime::startStore(std::string& error)
{
    std::string connection = m_options.store.url;
    if (connection.empty()) {
        const QString dir = m_options.store.dataDir.empty() ? EmbeddedPostgres::defaultDataDir()
                                                            : QString::fromStdString(m_options.store.dataDir);
        QString why;
        m_postgres = EmbeddedPostgres::start(dir, why, [](const QString& line) { qCInfo(lcRuntime, "%s", qPrintable(line)); });
        if (!m_postgres) {
            error = "PostgreSQL: " + why.toStdString();
            if (why.contains("in use"))
                error += " (another nexus-console or nexus-twin probably runs on this store: give this one its "
                         "own with --pg-data-dir, or run it with --no-store)";
            return false;
        }
        connection = m_postgres->connectionString();
        m_storeUrl = m_postgres->url().toStdString();
    } else {
        m_storeUrl = m_options.store.url;
    }
    try {
        pqxx::connection db(connection);
        const store::MigrationResult migration = store::migrate(db);
        if (!migration.ok) {
            error = "PostgreSQL at " + m_storeUrl + ": " + migration.error;
            return false;
        }
        if (!migration.applied.empty())
            qCInfo(lcRuntime, "PostgreSQL schema migrated from version %d to %d", migration.fromVersion,
                   migration.toVersion);
    } catch (const std::exception& e) {
        error = "cannot connect to PostgreSQL at " + m_storeUrl + ": " + e.what();
        return false;
    }
    m_storeConnection = connection;
    m_storeWriter = std::make_unique<store::StoreWriter>(connection, m_options.processor.groupId,
                                                         std::string(topics::kHealthMetrics));
    if (!m_storeWriter->start(error)) {
        error = "PostgreSQL at " + m_storeUrl + ": " + error;
        return false;
    }
    return true;
}

Runtime::~Runtime() { stop(); }

bool Runtime::start(std::string& error)
{
    if (m_running)
        return true;
    m_startingPart = stackhealth::kKafka;
    if (m_options.bus.embedded) {
        m_cluster = EmbeddedCluster::start(m_options.embeddedBrokers, error);
        if (!m_cluster)
            return false;
        m_options.bus.bootstrap = m_cluster->bootstrap();
    } else if (!ensureCatalogueTopics(m_options.bus, m_options.connectTimeoutMs, error)) {
        return false;
    }
    m_kafkaUpUs = wallClockUs();

    m_startingPart = stackhealth::kStore;
    if (m_options.store.enabled && !startStore(error))
        return false;
    m_storeUpUs = m_options.store.enabled ? wallClockUs() : 0;
    m_startingPart = stackhealth::kKafka; // the broker monitor is a Kafka client too

    m_monitor = std::make_unique<BusMonitor>(m_options.bus);
    if (!m_monitor->start(error))
        return false;
    if (m_options.runProcessor) {
        ProcessorOptions processor = m_options.processor;
        processor.topicsStartEmpty = m_cluster != nullptr; // we just created them
        if (m_storeWriter) {
            processor.storeConnection = m_storeConnection;
            processor.resumeFromStore = m_cluster == nullptr; // the embedded bus starts empty every run
            store::StoreWriter* writer = m_storeWriter.get();
            processor.onBatch = [writer](const HealthBatch& b, std::int32_t partition, std::int64_t offset) {
                writer->enqueue(b, partition, offset);
            };
            processor.onTwinUpdate = [writer](const TwinSummary& twin, const std::string& json) {
                writer->enqueueTwinUpdate(twin.userId, twin.lastEventUs, json);
            };
            processor.onDaysClosed = [writer](const std::string& userId, const std::vector<TwinDay>& days) {
                writer->enqueueClosedDays(userId, days);
            };
            processor.onAlert = [writer](const AlertEvent& alert, const std::string& json) {
                writer->enqueueAlert(alert, json);
            };
        }
        m_startingPart = stackhealth::kHealthProcessor;
        m_processor = std::make_unique<HealthProcessor>(m_options.bus, processor);
        if (!m_processor->start(error)) {
            error = "processor: " + error;
            return false;
        }
        m_processorUpUs = wallClockUs();
    }
    if (m_options.runActivity) {
        ActivityProcessorOptions activity = m_options.activity;
        activity.deadLetterMalformedHealth = !m_options.runProcessor; // else the health processor sends them
        if (!m_storeConnection.empty()) {
            activity.storeConnection = m_storeConnection;
            activity.resumeFromStore = m_cluster == nullptr; // the embedded bus starts empty every run
            activity.storeRowsGroup = m_options.processor.groupId; // whose sample writer keeps the rows
        }
        m_startingPart = stackhealth::kActivityProcessor;
        m_activity = std::make_unique<ActivityProcessor>(m_options.bus, activity);
        if (!m_activity->start(error)) {
            error = "activity processor: " + error;
            return false;
        }
        m_activityUpUs = wallClockUs();
    }
    m_running = true;
    return true;
}

void Runtime::stop()
{
    if (m_processor)
        m_processor->stop();
    if (m_activity)
        m_activity->stop();
    if (m_monitor)
        m_monitor->stop();
    if (m_storeWriter)
        m_storeWriter->stop(); // after the processor: everything it read gets written
    m_processor.reset();
    m_activity.reset();
    m_monitor.reset();
    m_storeWriter.reset();
    m_postgres.reset();
    m_cluster.reset();
    m_running = false;
    m_kafkaUpUs = m_storeUpUs = m_processorUpUs = m_activityUpUs = 0;
}

std::unique_ptr<KafkaHealthSink> Runtime::createHealthSink(std::string& error) const
{
    auto producer = KafkaProducer::create(m_options.bus, error);
    if (!producer)
        return nullptr;
    return std::make_unique<KafkaHealthSink>(std::move(producer));
}

ProcessorStats Runtime::processorStats() const { return m_processor ? m_processor->stats() : ProcessorStats{}; }

ActivityProcessorStats Runtime::activityStats() const
{
    return m_activity ? m_activity->stats() : ActivityProcessorStats{};
}

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
        s.lateSamples = p.lateSamples;
        s.tooLateSamples = p.tooLateSamples;
        s.tooLateMessages = p.tooLateMessages;
        s.malformedMessages = p.malformed;
        s.lostMessages = p.lostMessages;
        s.twinUpdatesPublished = p.twinUpdates;
        s.alertsOpened = p.alertsOpened;
        s.alertMessages = p.alertMessages;
        s.deadLetters = p.deadLetters;
        s.consumerLag = p.lag;
        s.usersTracked = p.usersTracked;
        s.endToEnd = p.endToEnd;
        s.mostActive = std::move(p.mostActive);
    }
    if (m_monitor)
        s.topics = m_monitor->topics(&s.topicsSampledAtUs);
    s.storeUrl = m_storeUrl;
    if (m_storeWriter) {
        store::StoreWriter::Stats st = m_storeWriter->stats();
        s.rowsStored = st.rowsStored;
        s.storeQueuedSamples = st.queuedSamples;
        s.storeProblem = std::move(st.lastError);
    }
    s.components = components();
}

std::vector<ComponentStatus> Runtime::components(const std::string& startError) const
{
    const TimestampUs now = wallClockUs();
    stackhealth::KafkaFacts kafka;
    kafka.embedded = m_options.bus.embedded;
    kafka.brokers = m_options.embeddedBrokers;
    kafka.bootstrap = m_options.bus.bootstrap;
    kafka.upSinceUs = m_kafkaUpUs;
    if (m_monitor) {
        kafka.topics = m_monitor->topics(&kafka.sampledAtUs).size();
        kafka.problem = m_monitor->lastError();
    }
    std::vector<ComponentStatus> out{stackhealth::kafka(kafka, now)};

    if (m_options.runProcessor) {
        const ProcessorStats p = processorStats();
        stackhealth::ProcessorFacts f;
        f.group = m_options.processor.groupId;
        f.topic = std::string(topics::kHealthMetrics);
        f.upSinceUs = m_processorUpUs;
        f.reportedAtUs = p.reportedAtUs;
        f.partitions = p.partitions;
        f.lag = p.lag;
        f.lost = p.lostMessages;
        f.malformed = p.malformed;
        out.push_back(stackhealth::processor(f, now));
    }
    if (m_options.runActivity) {
        const ActivityProcessorStats a = activityStats();
        stackhealth::ProcessorFacts f;
        f.name = stackhealth::kActivityProcessor;
        f.group = m_options.activity.groupId;
        f.topic = std::string(topics::kHealthMetrics);
        f.upSinceUs = m_activityUpUs;
        f.reportedAtUs = stackhealth::kNoHeartbeat;
        f.partitions = a.partitions;
        f.lag = a.lag;
        f.malformed = a.malformed;
        out.push_back(stackhealth::processor(f, now));
    }

    stackhealth::StoreFacts store;
    store.enabled = m_options.store.enabled;
    store.embedded = m_postgres != nullptr || m_options.store.url.empty();
    store.url = m_storeUrl;
    store.upSinceUs = m_storeUpUs;
    if (m_storeWriter) {
        store::StoreWriter::Stats st = m_storeWriter->stats();
        store.lastError = std::move(st.lastError);
        store.rowsStored = st.rowsStored;
        store.queuedSamples = st.queuedSamples;
    }
    out.push_back(stackhealth::store(store));
    if (!startError.empty())
        stackhealth::markStartFailure(out, m_startingPart, startError);
    return out;
}

} // namespace nexus
