#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <array>

namespace nexus {

/// The parts a connection test checks, each on its own.
enum class ProbePart
{
    Kafka,
    Postgres,
    Api,
};
constexpr std::array<ProbePart, 3> kProbeParts{ProbePart::Kafka, ProbePart::Postgres, ProbePart::Api};

enum class ProbeStatus
{
    Pending, ///< still running
    Ok,
    Failed,
    Skipped,   ///< nothing to check (embedded, or no URL given)
    Cancelled, ///< the user cancelled before it finished
};

/// What one part's check found. Plain value, any thread.
struct ProbeResult
{
    ProbePart part = ProbePart::Kafka;
    ProbeStatus status = ProbeStatus::Pending;
    QString message;     ///< one line for the user, starting with the part's name ("Kafka: …")
    QStringList details; ///< further lines: brokers, topics found / missing, server version
    qint64 elapsedMs = 0;
};

inline QString probePartName(ProbePart part)
{
    switch (part) {
    case ProbePart::Kafka:
        return QStringLiteral("Kafka");
    case ProbePart::Postgres:
        return QStringLiteral("PostgreSQL");
    case ProbePart::Api:
        return QStringLiteral("API");
    }
    return {};
}

} // namespace nexus

Q_DECLARE_METATYPE(nexus::ProbeResult)
