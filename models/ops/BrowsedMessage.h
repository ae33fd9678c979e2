#pragma once

#include <cstdint>
#include <string>

namespace nexus {

/// One Kafka message as the console's message browser shows it. Plain value, any thread.
struct BrowsedMessage
{
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::int64_t timestampMs = -1; ///< Kafka's timestamp, ms since the Unix epoch (UTC; Kafka's unit); -1: none
    std::string key;               ///< bytes; empty when the message has no key
    std::string payload;           ///< bytes, usually one JSON document (resources/schemas/)
};

/// Where a browse starts in each partition.
enum class BrowseStart
{
    Newest,    ///< the newest `count` messages of each partition
    Offset,    ///< at `offset` in each partition (clamped to what the partition retains)
    Timestamp, ///< at the first message whose Kafka timestamp is at or after `timestampMs`
};

/// Which messages a browse delivers; applied by the reader, so only matches cross threads.
enum class BrowseFilterMode
{
    None,
    Key,   ///< the key equals `filterText` exactly
    Text,  ///< the payload contains `filterText` (bytes, case-sensitive)
    Field, ///< `filterText` is `name=value`: the payload's top-level JSON field `name` equals `value`
};

/// What the message browser is asked to read. Plain value, any thread.
struct BrowseRequest
{
    std::string topic;
    std::int32_t partition = -1; ///< -1: all partitions
    BrowseStart start = BrowseStart::Newest;
    std::int64_t count = 100;     ///< BrowseStart::Newest: messages per partition
    std::int64_t offset = 0;      ///< BrowseStart::Offset
    std::int64_t timestampMs = 0; ///< BrowseStart::Timestamp: ms since the Unix epoch, UTC
    BrowseFilterMode filterMode = BrowseFilterMode::None;
    std::string filterText;
    bool follow = false; ///< keep reading new messages after the high watermarks were reached
};

/// Where a browse stands.
enum class BrowseState
{
    Idle,      ///< nothing requested yet
    Resolving, ///< reading metadata and start offsets
    Scanning,  ///< reading up to the high watermarks seen at the start
    Following, ///< caught up; delivering new messages as they arrive
    Finished,  ///< reached the high watermarks (no follow)
    Cancelled,
    Failed, ///< `error` says why
};

/// Progress of one browse, as the reader reports it. Plain value, any thread.
struct BrowseProgress
{
    BrowseState state = BrowseState::Idle;
    std::uint64_t scanned = 0;   ///< messages read from the bus (matching or not)
    std::uint64_t toScan = 0;    ///< messages between the start offsets and the high watermarks at the start
    std::uint64_t matched = 0;   ///< messages that passed the filter
    std::uint64_t dropped = 0;   ///< matches dropped by the reader because the GUI side fell behind its buffer
    std::int32_t partitions = 0; ///< the topic's partition count; 0 until known
    std::string error;           ///< why the browse failed, or the last warning while it runs
};

/// True once a browse can deliver nothing more.
inline bool isTerminal(BrowseState s)
{
    return s == BrowseState::Finished || s == BrowseState::Cancelled || s == BrowseState::Failed;
}

} // namespace nexus
