#include "models/metrics/StackComponents.h"

#include <QLocale>

#include <algorithm>

namespace nexus::stackhealth {

namespace {
std::string count(std::uint64_t n) { return QLocale().toString(qulonglong(n)).toStdString(); }

/// "2 s": a threshold, so an ongoing problem keeps one text (and one start time in the panel).
std::string seconds(DurationUs us) { return std::to_string(us / kUsPerSecond) + " s"; }

ComponentStatus notStarted(ComponentStatus c)
{
    c.state = ComponentState::Stopped;
    c.detail = "not started";
    return c;
}
} // namespace

ComponentStatus kafka(const KafkaFacts& f, TimestampUs nowUs)
{
    ComponentStatus c;
    c.name = kKafka;
    c.kind = ComponentKind::Kafka;
    c.embedded = f.embedded;
    c.address = f.bootstrap;
    c.sinceUs = f.upSinceUs;
    if (f.upSinceUs == 0)
        return notStarted(std::move(c));
    c.detail = f.embedded ? "embedded mock cluster, " + std::to_string(f.brokers) + " brokers" : "connected brokers";
    if (f.sampledAtUs > 0)
        c.detail += " · " + std::to_string(f.topics) + " topics";
    if (!f.problem.empty()) {
        c.state = ComponentState::Degraded;
        c.lastError = f.problem;
    } else if (f.sampledAtUs == 0) {
        c.state = ComponentState::Starting;
        c.detail += " · waiting for the first metadata";
    } else if (nowUs - f.sampledAtUs > kBrokerViewStaleUs) {
        c.state = ComponentState::Degraded;
        c.lastError = "no answer from the brokers for over " + seconds(kBrokerViewStaleUs);
    } else {
        c.state = ComponentState::Running;
    }
    return c;
}

ComponentStatus processor(const ProcessorFacts& f, TimestampUs nowUs)
{
    ComponentStatus c;
    c.name = f.name;
    c.kind = ComponentKind::Processor;
    c.embedded = true; // processors always run in this process
    c.address = "group " + f.group;
    c.sinceUs = f.upSinceUs;
    if (f.upSinceUs == 0)
        return notStarted(std::move(c));
    if (f.partitions.empty()) {
        c.state = ComponentState::Starting;
        c.detail = "joining the group: no " + f.topic + " partitions assigned yet";
    } else {
        c.state = ComponentState::Running;
        c.detail = f.topic + " partitions " + partitionRanges(f.partitions);
        if (f.lag >= 0)
            c.detail += " · lag " + count(std::uint64_t(f.lag));
    }
    if (f.malformed > 0)
        c.detail += " · " + count(f.malformed) + " malformed → dead-letters";
    const DurationUs silentUs = nowUs - (f.reportedAtUs > 0 ? f.reportedAtUs : f.upSinceUs);
    if (f.reportedAtUs != kNoHeartbeat && silentUs > kProcessorStallUs) {
        c.state = ComponentState::Degraded;
        c.lastError = "its loop has not reported for over " + seconds(kProcessorStallUs) +
                      " (blocked: the store's queue is full or a broker call hangs)";
    } else if (f.lost > 0) {
        c.lastError = count(f.lost) + " messages lost: the bus dropped them before they were read";
    }
    return c;
}

ComponentStatus store(const StoreFacts& f)
{
    ComponentStatus c;
    c.name = kStore;
    c.kind = ComponentKind::Store;
    c.embedded = f.enabled && f.embedded;
    c.address = f.url;
    c.sinceUs = f.upSinceUs;
    if (!f.enabled) {
        c.state = ComponentState::Stopped;
        c.detail = "off: nothing is kept (--no-store)";
        return c;
    }
    if (f.upSinceUs == 0)
        return notStarted(std::move(c));
    c.detail = std::string(f.embedded ? "embedded server" : "external server") + " · " + count(f.rowsStored) +
               " rows stored · " + count(f.queuedSamples) + " samples queued";
    c.state = f.lastError.empty() ? ComponentState::Running : ComponentState::Degraded;
    c.lastError = f.lastError;
    return c;
}

ComponentStatus api(const ApiFacts& f)
{
    ComponentStatus c;
    c.name = kApi;
    c.kind = ComponentKind::Api;
    c.embedded = true;
    c.address = f.address;
    c.sinceUs = f.upSinceUs;
    if (!f.error.empty()) {
        c.state = ComponentState::Failed;
        c.lastError = f.error;
    } else if (f.address.empty()) {
        return notStarted(std::move(c));
    } else {
        c.state = ComponentState::Running;
        c.detail = "HTTP: GET /health (JSON), GET /metrics (Prometheus)";
    }
    return c;
}

ComponentStatus remoteApi(const RemoteApiFacts& f)
{
    ComponentStatus c;
    c.name = kBackendApi;
    c.kind = ComponentKind::Api;
    c.embedded = false;
    c.address = f.url;
    c.sinceUs = f.upSinceUs;
    if (f.checkedAtUs == 0) {
        c.state = ComponentState::Starting;
        c.detail = "checking…";
    } else if (f.reachable) {
        c.state = ComponentState::Running;
        c.detail = "WebSocket connected in " + std::to_string(int(f.connectMs + 0.5)) + " ms at the latest check";
    } else {
        c.state = ComponentState::Failed;
        c.lastError = f.error.empty() ? "unreachable" : f.error;
    }
    return c;
}

void markStartFailure(std::vector<ComponentStatus>& components, const std::string& failed, const std::string& error)
{
    for (ComponentStatus& c : components) {
        if (c.name == failed) {
            c.state = ComponentState::Failed;
            c.lastError = error;
            c.detail = "did not start";
            return;
        }
    }
}

std::vector<ComponentStatus> starting(bool embeddedKafka, const std::string& bootstrap,
                                      const std::vector<std::string>& processors, bool storeEnabled,
                                      const std::string& storeUrl, TimestampUs nowUs)
{
    std::vector<ComponentStatus> out;
    const auto add = [&](const std::string& name, ComponentKind kind, bool embedded, std::string address) {
        ComponentStatus c;
        c.name = name;
        c.kind = kind;
        c.state = ComponentState::Starting;
        c.embedded = embedded;
        c.sinceUs = nowUs;
        c.address = std::move(address);
        out.push_back(std::move(c));
    };
    add(kKafka, ComponentKind::Kafka, embeddedKafka, embeddedKafka ? std::string() : bootstrap);
    for (const std::string& name : processors)
        add(name, ComponentKind::Processor, true, {});
    if (storeEnabled)
        add(kStore, ComponentKind::Store, storeUrl.empty(), storeUrl);
    add(kApi, ComponentKind::Api, true, {});
    return out;
}

std::string partitionRanges(std::vector<std::int32_t> partitions)
{
    if (partitions.empty())
        return "none";
    std::sort(partitions.begin(), partitions.end());
    partitions.erase(std::unique(partitions.begin(), partitions.end()), partitions.end());
    std::string out;
    for (std::size_t i = 0; i < partitions.size();) {
        std::size_t j = i;
        while (j + 1 < partitions.size() && partitions[j + 1] == partitions[j] + 1)
            ++j;
        if (!out.empty())
            out += ", ";
        out += std::to_string(partitions[i]);
        if (j > i)
            out += "–" + std::to_string(partitions[j]);
        i = j + 1;
    }
    return out;
}

bool healthy(const std::vector<ComponentStatus>& components)
{
    return !components.empty() && std::none_of(components.begin(), components.end(), [](const ComponentStatus& c) {
        return c.state == ComponentState::Starting || c.state == ComponentState::Degraded ||
               c.state == ComponentState::Failed;
    });
}

const char* stateName(ComponentState state)
{
    switch (state) {
    case ComponentState::Starting:
        return "starting";
    case ComponentState::Running:
        return "running";
    case ComponentState::Degraded:
        return "degraded";
    case ComponentState::Stopped:
        return "stopped";
    case ComponentState::Failed:
        return "failed";
    }
    return "unknown";
}

} // namespace nexus::stackhealth
