extension RedisClient {
    /// `HSET`: stores every field; returns how many fields were new. An empty dictionary does not reach Redis.
    @discardableResult
    package func hset(_ key: String, _ fields: [String: String]) async throws -> Int {
        guard !fields.isEmpty else { return 0 }
        var args = ["HSET", key]
        for (field, value) in fields.sorted(by: { $0.key < $1.key }) { args += [field, value] }
        return try await Self.integer(command(args), "HSET")
    }

    /// `HGET`: one field, or `nil` when the key or field is missing.
    package func hget(_ key: String, _ field: String) async throws -> String? {
        try await Self.optionalBytes(command(["HGET", key, field])).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `HGETALL`: every field and value; empty when the key is missing.
    package func hgetall(_ key: String) async throws -> [String: String] {
        let reply = try await command(["HGETALL", key])
        guard let flat = reply.array, flat.count.isMultiple(of: 2) else {
            throw RedisError.protocolError("HGETALL answered \(reply)")
        }
        var fields: [String: String] = [:]
        fields.reserveCapacity(flat.count / 2)
        var index = 0
        while index < flat.count {
            guard let field = flat[index].bytes, let value = flat[index + 1].bytes else {
                throw RedisError.protocolError("HGETALL answered a non-string element")
            }
            fields[String(decoding: field, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
            index += 2
        }
        return fields
    }

    /// `HDEL`: how many of the fields existed.
    @discardableResult
    package func hdel(_ key: String, _ fields: String...) async throws -> Int {
        guard !fields.isEmpty else { return 0 }
        return try await Self.integer(command(["HDEL", key] + fields), "HDEL")
    }
}
