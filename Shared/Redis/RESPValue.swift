/// One reply in the Redis serialization protocol (RESP2), copied out of the C reply tree so it outlives it.
package enum RESPValue: Sendable, Equatable {
    /// A status reply such as `OK` or `PONG`.
    case simpleString(String)
    /// An error reply; `RedisClient.command` throws these as `RedisError.server`, pipelines return them in place.
    case error(String)
    /// An integer reply.
    case integer(Int)
    /// A binary-safe string.
    case bulkString([UInt8])
    /// A multi-bulk reply; elements may be nested arrays, errors or nulls.
    case array([RESPValue])
    /// A missing value (`$-1` or `*-1`).
    case null

    /// The text of a status or bulk reply; `nil` for other kinds and for bulk strings that are not valid UTF-8.
    package var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// An integer reply, or a status/bulk reply that holds a decimal integer (`GET` of a counter).
    package var int: Int? {
        switch self {
        case .integer(let value): value
        case .simpleString(let text): Int(text)
        case .bulkString(let bytes): String(validating: bytes, as: UTF8.self).flatMap { Int($0) }
        default: nil
        }
    }

    /// The raw bytes of a bulk reply, or the UTF-8 of a status reply.
    package var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    /// The elements of an array reply.
    package var array: [RESPValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// The message of an error reply.
    package var errorMessage: String? {
        if case .error(let message) = self { message } else { nil }
    }

    /// True for a null reply.
    package var isNull: Bool { self == .null }
}
