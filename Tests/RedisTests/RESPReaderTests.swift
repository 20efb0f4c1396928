import Redis
import Testing

@Suite("Reply parsing with hiredis' reader")
struct RESPReaderTests {
    private func parseAll(_ bytes: [UInt8]) throws -> [RESPValue] {
        let reader = try RESPReader()
        try reader.feed(bytes)
        var values: [RESPValue] = []
        while let value = try reader.next() { values.append(value) }
        return values
    }

    private func parse(_ text: String) throws -> [RESPValue] { try parseAll(Array(text.utf8)) }

    @Test func statusErrorAndInteger() throws {
        #expect(
            try parse("+OK\r\n-ERR wrong number\r\n:42\r\n:-7\r\n") == [
                .simpleString("OK"), .error("ERR wrong number"), .integer(42), .integer(-7),
            ])
    }

    @Test func bulkStringsAndNulls() throws {
        #expect(
            try parse("$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n") == [
                .bulkString(Array("hello".utf8)), .bulkString([]), .null, .null,
            ])
    }

    @Test func bulkStringKeepsZeroBytesAndLineBreaks() throws {
        let payload: [UInt8] = [0, 1, 13, 10, 0, 255, 254, 0]
        #expect(try parseAll(Array("$8\r\n".utf8) + payload + [13, 10]) == [.bulkString(payload)])
    }

    @Test func nestedArrays() throws {
        let text = "*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n*0\r\n"
        #expect(try parse(text) == [.array([.integer(1), .array([.bulkString([97]), .null]), .array([])])])
    }

    @Test func incompleteInputWaitsForMoreBytes() throws {
        let reader = try RESPReader()
        try reader.feed(Array("$5\r\nhel".utf8))
        #expect(try reader.next() == nil)
        try reader.feed(Array("lo\r\n".utf8))
        #expect(try reader.next() == .bulkString(Array("hello".utf8)))
        #expect(try reader.next() == nil)
    }

    @Test func everySplitOfAStreamParsesTheSame() throws {
        let values: [RESPValue] = [
            .simpleString("PONG"), .integer(123_456_789), .bulkString([0, 13, 10, 36, 42]),
            .array([.bulkString(Array("field".utf8)), .null, .array([.integer(-1), .error("WRONGTYPE x")])]),
            .null, .bulkString([]),
        ]
        let stream = values.flatMap(\.encoded)
        for split in 0...stream.count {
            let reader = try RESPReader()
            var parsed: [RESPValue] = []
            try reader.feed(Array(stream[..<split]))
            while let value = try reader.next() { parsed.append(value) }
            try reader.feed(Array(stream[split...]))
            while let value = try reader.next() { parsed.append(value) }
            #expect(parsed == values, "split at byte \(split)")
        }
    }

    @Test func encodingRoundTripsThroughTheReader() throws {
        let values: [RESPValue] = [
            .simpleString("OK"), .error("ERR boom"), .integer(Int.min), .integer(Int.max), .null,
            .bulkString(Array(repeating: 0, count: 70_000)), .array([]),
            .array([.array([.array([.integer(3)])])]),
        ]
        for value in values {
            #expect(try parseAll(value.encoded) == [value])
        }
    }

    @Test func garbageIsAProtocolErrorNotACrash() throws {
        let reader = try RESPReader()
        try reader.feed(Array("?what\r\n".utf8))
        #expect(throws: RedisError.self) { try reader.next() }
        let afterError = try? reader.next()
        #expect(afterError == nil)
    }

    @Test func badLengthIsAProtocolError() throws {
        let error = #expect(throws: RedisError.self) { try parse("$abc\r\nxx\r\n") }
        #expect(error?.code == .protocolError)
    }
}
