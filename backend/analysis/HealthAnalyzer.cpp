#include "backend/analysis/HealthAnalyzer.h"

#include "backend/analysis/UserAnalysis.h"

#include <unordered_map>

namespace nexus {

using namespace analysis;

namespace {

constexpr std::uint32_t kSnapshotMagic = 0x3141584e; // "NXA1"
constexpr std::uint32_t kSnapshotVersion = 2;        // bump when a state struct changes meaning

} // namespace

struct HealthAnalyzer::Users
{
    std::unordered_map<std::string, UserAnalysis> byId;
};

HealthAnalyzer::HealthAnalyzer(DetectorSettings settings) : m_settings(settings), m_users(std::make_unique<Users>()) {}

HealthAnalyzer::~HealthAnalyzer() = default;

void HealthAnalyzer::analyze(const HealthBatch& batch, std::vector<AlertEvent>& out)
{
    UserAnalysis& user = m_users->byId[batch.userId];
    const std::size_t before = out.size();
    const EmitContext ctx{batch.userId, batch.sentAtUs, out};

    // Merge readings and beats by event time (ties: the reading first) so that time-outs see the
    // same order however the uploads were cut.
    const std::vector<HealthSample>& samples = batch.samples;
    const std::vector<std::uint16_t>& rr = batch.rrMs;
    std::size_t i = 0, j = 0;
    TimestampUs beatEndUs = rr.empty() ? 0 : batch.rrStartUs + TimestampUs(rr[0]) * kUsPerMs;
    while (i < samples.size() || j < rr.size()) {
        if (j >= rr.size() || (i < samples.size() && samples[i].tsUs <= beatEndUs)) {
            const HealthSample& s = samples[i++];
            if (s.tsUs <= user.lastSampleUs()) {
                ++m_stats.staleSamples;
                user.lateSample(s, ctx, m_settings); // may fill a gap the dropout detector holds
                continue;
            }
            ++m_stats.samples;
            user.sample(s, ctx, m_settings);
        } else {
            const std::uint16_t rrMs = rr[j++];
            if (beatEndUs <= user.lastBeatUs() || rrMs == 0) {
                ++m_stats.staleBeats;
            } else {
                ++m_stats.beats;
                user.beat(beatEndUs, rrMs, ctx, m_settings);
            }
            if (j < rr.size())
                beatEndUs += TimestampUs(rr[j]) * kUsPerMs;
        }
    }
    m_stats.alerts += out.size() - before;
}

void HealthAnalyzer::noteLostUpload(const std::string& userId)
{
    const auto it = m_users->byId.find(userId);
    if (it == m_users->byId.end())
        return;
    ++m_stats.lostUploads;
    it->second.noteLostUpload();
}

void HealthAnalyzer::flush(const std::string& userId, TimestampUs nowEventUs, std::vector<AlertEvent>& out)
{
    const auto it = m_users->byId.find(userId);
    if (it == m_users->byId.end())
        return;
    const std::size_t before = out.size();
    it->second.advanceTo(nowEventUs, EmitContext{it->first, 0, out}, m_settings);
    m_stats.alerts += out.size() - before;
}

void HealthAnalyzer::flushAll(TimestampUs nowEventUs, std::vector<AlertEvent>& out)
{
    const std::size_t before = out.size();
    for (auto& [id, user] : m_users->byId)
        user.advanceTo(nowEventUs, EmitContext{id, 0, out}, m_settings);
    m_stats.alerts += out.size() - before;
}

void HealthAnalyzer::finish(const std::string& userId, std::vector<AlertEvent>& out)
{
    const auto it = m_users->byId.find(userId);
    if (it == m_users->byId.end())
        return;
    const std::size_t before = out.size();
    it->second.finish(EmitContext{it->first, 0, out}, m_settings);
    m_stats.alerts += out.size() - before;
}

bool HealthAnalyzer::saveUserState(const std::string& userId, std::string& blob) const
{
    const auto it = m_users->byId.find(userId);
    if (it == m_users->byId.end())
        return false;
    blob.clear();
    BlobWriter w(blob);
    w.put(kSnapshotMagic);
    w.put(kSnapshotVersion);
    w.put(std::uint32_t(sizeof(UserAnalysis))); // a layout fingerprint: another build's blob is refused
    it->second.save(w);
    return true;
}

bool HealthAnalyzer::restoreUserState(const std::string& userId, std::string_view blob)
{
    BlobReader r(blob);
    std::uint32_t magic = 0, version = 0, size = 0;
    if (!r.get(magic) || !r.get(version) || !r.get(size) || magic != kSnapshotMagic || version != kSnapshotVersion ||
        size != sizeof(UserAnalysis))
        return false;
    UserAnalysis restored;
    if (!restored.load(r) || !r.atEnd())
        return false;
    m_users->byId[userId] = std::move(restored);
    return true;
}

void HealthAnalyzer::forgetUser(const std::string& userId)
{
    m_users->byId.erase(userId);
}

std::size_t HealthAnalyzer::userCount() const
{
    return m_users->byId.size();
}

std::size_t HealthAnalyzer::stateBytesPerUser()
{
    return sizeof(UserAnalysis);
}

const UserAnalysis* HealthAnalyzer::user(const std::string& userId) const
{
    const auto it = m_users->byId.find(userId);
    return it == m_users->byId.end() ? nullptr : &it->second;
}

} // namespace nexus
