extension RedisClient {
    /// `GET`: the value as text (bytes that are not UTF-8 are replaced; use `getBytes` for binary), or `nil`.
    package func get(_ key: String) async throws -> String? {
        try await getBytes(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `GET`: the raw value, or `nil` when the key does not exist.
    package func getBytes(_ key: String) async throws -> [UInt8]? {
        try await Self.optionalBytes(command(["GET", key]))
    }

    /// `SET`, with `PX` when `ttl` is given (rounded down to whole milliseconds, at least 1 ms).
    package func set(_ key: String, _ value: String, ttl: Duration? = nil) async throws {
        try await set(key, bytes: Array(value.utf8), ttl: ttl)
    }

    /// Binary-safe `SET`, with `PX` when `ttl` is given.
    package func set(_ key: String, bytes: [UInt8], ttl: Duration? = nil) async throws {
        var args: [[UInt8]] = [Array("SET".utf8), Array(key.utf8), bytes]
        if let ttl { args += [Array("PX".utf8), Array(String(Self.milliseconds(ttl)).utf8)] }
        let reply = try await command(args)
        guard reply == .simpleString("OK") else { throw RedisError.protocolError("SET answered \(reply)") }
    }

    /// `SET key value NX PX ttl`: true when this call created the key, false when it already existed.
    package func setIfAbsent(_ key: String, _ value: String, ttl: Duration) async throws -> Bool {
        let reply = try await command(["SET", key, value, "NX", "PX", String(Self.milliseconds(ttl))])
        switch reply {
        case .simpleString("OK"): return true
        case .null: return false
        default: throw RedisError.protocolError("SET NX answered \(reply)")
        }
    }

    /// `DEL`: how many of the keys existed.
    @discardableResult
    package func delete(_ keys: String...) async throws -> Int {
        try await delete(keys)
    }

    /// `DEL` for a list of keys: how many existed. An empty list does not reach Redis.
    @discardableResult
    package func delete(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await Self.integer(command(["DEL"] + keys), "DEL")
    }

    /// `INCRBY`: the value after adding `by` (a missing key counts from 0).
    package func incr(_ key: String, by amount: Int = 1) async throws -> Int {
        try await Self.integer(command(["INCRBY", key, String(amount)]), "INCRBY")
    }

    /// `PEXPIRE`: true when the key exists and now expires after `ttl`.
    @discardableResult
    package func expire(_ key: String, ttl: Duration) async throws -> Bool {
        try await Self.integer(command(["PEXPIRE", key, String(Self.milliseconds(ttl))]), "PEXPIRE") == 1
    }

    /// `PTTL`: time left before the key expires; `nil` when the key is missing or never expires.
    package func timeToLive(_ key: String) async throws -> Duration? {
        let milliseconds = try await Self.integer(command(["PTTL", key]), "PTTL")
        return milliseconds >= 0 ? .milliseconds(milliseconds) : nil
    }

    /// `EXISTS` for one key.
    package func exists(_ key: String) async throws -> Bool {
        try await Self.integer(command(["EXISTS", key]), "EXISTS") > 0
    }

    /// `MGET`: one entry per key, in order, `nil` where the key is missing. An empty list does not reach Redis.
    package func mget(_ keys: [String]) async throws -> [String?] {
        try await mgetBytes(keys).map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Binary-safe `MGET`.
    package func mgetBytes(_ keys: [String]) async throws -> [[UInt8]?] {
        guard !keys.isEmpty else { return [] }
        let reply = try await command(["MGET"] + keys)
        guard let elements = reply.array, elements.count == keys.count else {
            throw RedisError.protocolError("MGET answered \(reply)")
        }
        return try elements.map(Self.optionalBytes)
    }

    /// `PING`: succeeds when Redis answers.
    package func ping() async throws {
        let reply = try await command(["PING"])
        guard reply == .simpleString("PONG") else { throw RedisError.protocolError("PING answered \(reply)") }
    }

    /// Whole milliseconds for `PX`/`PEXPIRE`, at least 1: Redis rejects 0 and a TTL must still expire.
    static func milliseconds(_ duration: Duration) -> Int64 { max(1, duration.milliseconds) }

    /// The value of an integer reply, or a protocol error naming `command`.
    static func integer(_ reply: RESPValue, _ command: String) throws(RedisError) -> Int {
        guard case .integer(let value) = reply else { throw .protocolError("\(command) answered \(reply)") }
        return value
    }

    /// The bytes of a bulk reply, `nil` for a null reply, or a protocol error.
    static func optionalBytes(_ reply: RESPValue) throws(RedisError) -> [UInt8]? {
        switch reply {
        case .null: return nil
        case .bulkString(let bytes): return bytes
        default: throw .protocolError("expected a bulk string or null, got \(reply)")
        }
    }
}
