internal import CHiredis

/// Parses RESP2 bytes into `RESPValue`s with hiredis' own reader (`redisReader`), the same code that parses
/// replies on a live connection. Bytes may arrive in any split; `next()` returns a value once one is complete.
///
/// Not `Sendable`: one owner feeds and reads it.
package final class RESPReader {
    private let reader: UnsafeMutablePointer<redisReader>

    /// A reader with hiredis' default reply builders (`redisReaderCreate`).
    package init() throws(RedisError) {
        guard let reader = redisReaderCreate() else { throw RedisError(.unavailable, "could not allocate a reader") }
        self.reader = reader
    }

    deinit { redisReaderFree(reader) }

    /// Appends bytes to the reader's buffer (`redisReaderFeed`).
    package func feed(_ bytes: [UInt8]) throws(RedisError) {
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in redisReaderFeed(reader, chars.baseAddress, chars.count)
            }
        }
        if status != REDIS_OK { throw failure() }
    }

    /// The next complete value, or `nil` when more bytes are needed (`redisReaderGetReply`).
    /// After a protocol error the reader stays broken, as a connection would.
    package func next() throws(RedisError) -> RESPValue? {
        var raw: UnsafeMutableRawPointer? = nil
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else { throw failure() }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return try RESPValue(copying: raw.assumingMemoryBound(to: redisReply.self))
    }

    private func failure() -> RedisError {
        let message = withUnsafeBytes(of: &reader.pointee.errstr) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return RedisError(.protocolError, message)
    }
}
