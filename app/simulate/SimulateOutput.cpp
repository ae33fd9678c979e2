#include "app/simulate/SimulateOutput.h"

#include "app/ConsoleStack.h"
#include "backend/bus/KafkaProducer.h"

#include <QFile>
#include <QThread>

#include <cstdio>

namespace nexus {

namespace {

class KafkaOutput final : public SimulateOutput
{
public:
    explicit KafkaOutput(std::unique_ptr<KafkaProducer> producer) : m_producer(std::move(producer)) {}

    bool send(TimestampUs, std::string_view topic, std::string_view key, std::string_view payload) override
    {
        m_producer->poll(0);
        return m_producer->produce(topic, key, payload);
    }

    bool finish(QString& error) override
    {
        if (!m_producer->flush(30000)) {
            error = "Kafka did not confirm every message within 30 s";
            return false;
        }
        if (m_producer->failed() > 0) {
            error = QStringLiteral("%1 message(s) failed: %2")
                        .arg(m_producer->failed())
                        .arg(QString::fromStdString(m_producer->lastError()));
            return false;
        }
        return true;
    }

private:
    std::unique_ptr<KafkaProducer> m_producer;
};

class FileOutput final : public SimulateOutput
{
public:
    bool open(const QString& path, QString& error)
    {
        const bool ok = path == "-" ? m_file.open(stdout, QIODevice::WriteOnly)
                                    : (m_file.setFileName(path), m_file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        if (!ok)
            error = QStringLiteral("cannot write %1: %2").arg(path, m_file.errorString());
        return ok;
    }

    bool send(TimestampUs dueUs, std::string_view topic, std::string_view key, std::string_view payload) override
    {
        m_line = std::to_string(dueUs);
        m_line += '\t';
        m_line.append(topic);
        m_line += '\t';
        m_line.append(key);
        m_line += '\t';
        m_line.append(payload);
        m_line += '\n';
        return m_file.write(m_line.data(), qint64(m_line.size())) == qint64(m_line.size());
    }

    bool finish(QString& error) override
    {
        if (!m_file.flush()) {
            error = QStringLiteral("cannot write %1: %2").arg(m_file.fileName(), m_file.errorString());
            return false;
        }
        return true;
    }

private:
    QFile m_file;
    std::string m_line;
};

} // namespace

std::unique_ptr<SimulateOutput> SimulateOutput::toKafka(const BusSettings& bus, QString& error)
{
    std::string e;
    auto producer = KafkaProducer::create(bus, e);
    if (!producer) {
        error = QString::fromStdString("cannot create a Kafka producer: " + e);
        return nullptr;
    }
    return std::make_unique<KafkaOutput>(std::move(producer));
}

std::unique_ptr<SimulateOutput> SimulateOutput::toFile(const QString& path, QString& error)
{
    auto out = std::make_unique<FileOutput>();
    if (!out->open(path, error))
        return nullptr;
    return out;
}

void printProcessedSummary(ConsoleStack& stack)
{
    std::fprintf(stderr, "waiting for the processors to catch up…\n");
    for (int i = 0; i < 600 && stack.snapshot().consumerLag != 0; ++i)
        QThread::msleep(100);
    QThread::msleep(600);
    for (int i = 0; i < 100 && stack.snapshot().storeQueuedSamples > 0; ++i)
        QThread::msleep(100);
    const ProcessorStats p = stack.runtime().processorStats();
    std::printf("processed: %llu health uploads, %llu samples (%llu duplicates ignored), %llu twins, "
                "%llu twin updates, %llu alerts opened, %llu malformed (%llu to dead-letters), %llu lost\n",
                static_cast<unsigned long long>(p.batches), static_cast<unsigned long long>(p.samples),
                static_cast<unsigned long long>(p.duplicateSamples), static_cast<unsigned long long>(p.usersTracked),
                static_cast<unsigned long long>(p.twinUpdates), static_cast<unsigned long long>(p.alertsOpened),
                static_cast<unsigned long long>(p.malformed), static_cast<unsigned long long>(p.deadLetters),
                static_cast<unsigned long long>(p.lostMessages));
    if (!p.malformedByReason.empty()) {
        std::printf("malformed by reason:");
        for (const auto& [reason, count] : p.malformedByReason)
            std::printf(" %s=%llu", reason.c_str(), static_cast<unsigned long long>(count));
        std::printf("\n");
    }
    const std::string problem = stack.runtime().busProblem();
    if (!problem.empty())
        std::printf("bus monitor: %s\n", problem.c_str());
}

} // namespace nexus
