#include "backend/analysis/Episode.h"

#include <cmath>
#include <cstdio>

namespace nexus::analysis {

namespace {

double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

} // namespace

void Episode::begin(TimestampUs startUs, TimestampUs tsUs, double value, double evidenceValue)
{
    const bool higherIsWorse = m_core.higherIsWorse;
    m_core = Core{};
    m_core.higherIsWorse = higherIsWorse;
    m_core.phase = Phase::Candidate;
    m_core.startUs = startUs;
    m_core.peak = float(value);
    if (!m_evidence)
        m_evidence = std::make_unique<EvidenceBuffer>();
    else
        *m_evidence = EvidenceBuffer{};
    hit(tsUs, value, evidenceValue);
}

void Episode::hit(TimestampUs tsUs, double value, double evidenceValue)
{
    ++m_core.hits;
    m_core.lastHitUs = tsUs;
    const float v = float(value);
    if (m_core.higherIsWorse ? v > m_core.peak : v < m_core.peak)
        m_core.peak = v;
    resetClear();
    addEvidence(tsUs, evidenceValue);
}

void Episode::addEvidence(TimestampUs tsUs, double value)
{
    if (m_evidence)
        m_evidence->add(tsUs, value);
}

void Episode::clear(TimestampUs tsUs)
{
    if (m_core.clearReadings == 0)
        m_core.clearSinceUs = tsUs;
    if (m_core.clearReadings < 0xffff)
        ++m_core.clearReadings;
}

void Episode::resetClear()
{
    m_core.clearSinceUs = 0;
    m_core.clearReadings = 0;
}

void Episode::reset()
{
    const bool higherIsWorse = m_core.higherIsWorse;
    m_core = Core{};
    m_core.higherIsWorse = higherIsWorse;
    m_evidence.reset();
}

AlertEvent Episode::makeEvent(const EmitContext& ctx, std::string_view detector, AlertState state, TimestampUs tsUs,
                              const EpisodeText& text) const
{
    AlertEvent e;
    e.alertId = alertIdOf(detector, ctx.userId, m_core.startUs);
    e.userId = ctx.userId;
    e.detector.assign(detector);
    e.category = detector::categoryOf(detector).value_or(AlertCategory::Health);
    e.severity = text.severity;
    e.state = state;
    e.startUs = m_core.startUs;
    e.tsUs = tsUs;
    e.endUs = state == AlertState::Closed ? m_core.lastHitUs : 0;
    e.message = text.message;
    e.value = round3(m_core.peak);
    e.unit.assign(text.unit);
    if (m_evidence) {
        e.evidence = m_evidence->toVector();
        for (AlertEvidence& ev : e.evidence)
            ev.value = round3(ev.value);
    }
    e.sourceSentAtUs = ctx.sentAtUs;
    return e;
}

void Episode::emit(const EmitContext& ctx, std::string_view detector, AlertState state, TimestampUs tsUs,
                   const EpisodeText& text)
{
    ctx.out.push_back(makeEvent(ctx, detector, state, tsUs, text));
    m_core.lastEmitUs = tsUs;
    m_core.lastEvidenceEmitUs = m_core.lastHitUs;
    m_core.emittedSeverity = text.severity;
}

void Episode::open(const EmitContext& ctx, std::string_view detector, TimestampUs tsUs, const EpisodeText& text)
{
    m_core.phase = Phase::Open;
    emit(ctx, detector, AlertState::Open, tsUs, text);
}

void Episode::maybeUpdate(const EmitContext& ctx, std::string_view detector, TimestampUs tsUs, const EpisodeText& text,
                          DurationUs everyUs)
{
    if (m_core.phase != Phase::Open || m_core.lastHitUs == m_core.lastEvidenceEmitUs)
        return;
    if (text.severity > m_core.emittedSeverity || tsUs - m_core.lastEmitUs >= everyUs)
        emit(ctx, detector, AlertState::Update, tsUs, text);
}

void Episode::close(const EmitContext& ctx, std::string_view detector, TimestampUs tsUs, const EpisodeText& text)
{
    emit(ctx, detector, AlertState::Closed, tsUs, text);
    reset();
}

void Episode::save(BlobWriter& w) const
{
    w.put(m_core);
    const std::uint8_t hasEvidence = m_evidence ? 1 : 0;
    w.put(hasEvidence);
    if (m_evidence)
        w.put(*m_evidence);
}

bool Episode::load(BlobReader& r)
{
    std::uint8_t hasEvidence = 0;
    if (!r.get(m_core) || !r.get(hasEvidence))
        return false;
    if (hasEvidence) {
        m_evidence = std::make_unique<EvidenceBuffer>();
        return r.get(*m_evidence);
    }
    m_evidence.reset();
    return true;
}

std::string formatNumber(double v, int decimals)
{
    char buf[32];
    if (std::abs(v - std::round(v)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string formatDuration(DurationUs us)
{
    const long long minutes = (us + 30 * kUsPerSecond) / (60 * kUsPerSecond);
    if (minutes < 60)
        return std::to_string(minutes) + " min";
    const long long rest = minutes % 60;
    return std::to_string(minutes / 60) + " h" + (rest ? " " + std::to_string(rest) + " min" : std::string());
}

std::string alertIdOf(std::string_view detector, const std::string& userId, TimestampUs startUs)
{
    std::string id;
    id.reserve(detector.size() + userId.size() + 22);
    id.append(detector);
    id += ':';
    id += userId;
    id += ':';
    id += std::to_string(startUs);
    return id;
}

} // namespace nexus::analysis
