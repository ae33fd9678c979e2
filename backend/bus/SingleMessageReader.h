#pragma once

#include "backend/bus/KafkaConf.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace nexus {

/// Reads single messages at given offsets to learn their timestamps and sizes: how old a consumer
/// group's oldest unconsumed message is, and how big a topic's newest messages are. Its consumer is
/// outside every group (explicit assignment only, nothing committed), so it never disturbs the
/// group it measures. Owned and used by one thread.
class SingleMessageReader
{
public:
    struct Request
    {
        std::string topic;
        std::int32_t partition = 0;
        std::int64_t offset = 0;
        std::int64_t timestampMs = -1; ///< out: the message's timestamp; -1 when it could not be read
        std::int64_t offsetRead = -1;  ///< out: the offset actually read (later when `offset` was dropped)
        std::int64_t sizeBytes = -1;   ///< out: key + value + header names and values, in bytes; -1 unread
    };

    /// Creates the consumer. False with `error` set when the settings are invalid.
    bool open(const BusSettings& settings, std::string& error);

    /// Reads the first message at or after each request's offset (one assign for all of them),
    /// waiting up to `timeoutMs` in all, or less when every partition was read or ended; requests
    /// left unanswered keep their outputs at −1. At most one request per partition (an
    /// assignment holds a partition once).
    void read(std::vector<Request>& requests, int timeoutMs);

private:
    struct Deleter
    {
        void operator()(rd_kafka_t* rk) const;
    };
    std::unique_ptr<rd_kafka_t, Deleter> m_rk;
};

} // namespace nexus
