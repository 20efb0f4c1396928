internal import CHiredis

extension RESPValue {
    /// Deep-copies a hiredis reply tree; the caller still owns `reply` and frees it with `freeReplyObject`.
    /// Reply types other than RESP2's (hiredis 1.x can build RESP3 ones) are a protocol error, not a trap.
    init(copying reply: UnsafePointer<redisReply>) throws(RedisError) {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING: self = .bulkString(Self.bytes(node))
        case REDIS_REPLY_STATUS: self = .simpleString(String(decoding: Self.bytes(node), as: UTF8.self))
        case REDIS_REPLY_ERROR: self = .error(String(decoding: Self.bytes(node), as: UTF8.self))
        case REDIS_REPLY_INTEGER: self = .integer(Int(truncatingIfNeeded: node.integer))
        case REDIS_REPLY_NIL: self = .null
        case REDIS_REPLY_ARRAY:
            let count = Int(node.elements)
            guard count == 0 || node.element != nil else { throw .protocolError("array reply without elements") }
            var elements: [RESPValue] = []
            elements.reserveCapacity(count)
            for index in 0..<count {
                guard let child = node.element[index] else {
                    throw .protocolError("array reply with a missing element")
                }
                elements.append(try RESPValue(copying: child))
            }
            self = .array(elements)
        default:
            throw .protocolError("unsupported reply type \(node.type)")
        }
    }

    private static func bytes(_ node: redisReply) -> [UInt8] {
        let count = Int(node.len)
        guard count > 0, let text = node.str else { return [] }
        return Array(UnsafeRawBufferPointer(start: text, count: count))
    }
}
