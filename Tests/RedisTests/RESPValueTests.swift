import Redis
import Testing

@Suite("RESPValue accessors and encoding")
struct RESPValueTests {
    @Test func stringReadsStatusAndValidUTF8BulkOnly() {
        #expect(RESPValue.simpleString("OK").string == "OK")
        #expect(RESPValue.bulkString(Array("héllo".utf8)).string == "héllo")
        #expect(RESPValue.bulkString([0xFF, 0xFE]).string == nil)
        #expect(RESPValue.integer(3).string == nil)
        #expect(RESPValue.null.string == nil)
        #expect(RESPValue.error("ERR").string == nil)
    }

    @Test func intReadsIntegersAndDecimalText() {
        #expect(RESPValue.integer(-5).int == -5)
        #expect(RESPValue.bulkString(Array("42".utf8)).int == 42)
        #expect(RESPValue.simpleString("7").int == 7)
        #expect(RESPValue.bulkString(Array("4x".utf8)).int == nil)
        #expect(RESPValue.null.int == nil)
    }

    @Test func otherAccessors() {
        #expect(RESPValue.bulkString([0, 1]).bytes == [0, 1])
        #expect(RESPValue.simpleString("OK").bytes == Array("OK".utf8))
        #expect(RESPValue.array([.null]).array == [.null])
        #expect(RESPValue.integer(1).array == nil)
        #expect(RESPValue.error("ERR x").errorMessage == "ERR x")
        #expect(RESPValue.null.isNull)
        #expect(!RESPValue.bulkString([]).isNull)
    }

    @Test func encodedWireForm() {
        #expect(
            RESPValue.array([.bulkString(Array("a".utf8)), .integer(2), .null]).encoded
                == Array("*3\r\n$1\r\na\r\n:2\r\n$-1\r\n".utf8))
        #expect(RESPValue.simpleString("two\r\nlines").encoded == Array("+two lines\r\n".utf8))
    }
}
