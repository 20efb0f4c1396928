import Foundation
import Postgres
import Testing

/// Decoding the text format the server sends, without a server.
@Suite struct PostgresCellTests {
    private func cell(_ text: String?, _ type: PostgresDataType = .text, column: String = "c") -> PostgresCell {
        PostgresCell(column: column, type: type, text: text)
    }

    @Test func timestampsInEveryShapeTheServerPrints() throws {
        let expected = Date(timeIntervalSince1970: 1_700_000_000.123456)
        for text in [
            "2023-11-14 22:13:20.123456+00", "2023-11-14T22:13:20.123456Z", "2023-11-15 03:43:20.123456+05:30",
            "2023-11-14 17:13:20.123456-05", "2023-11-14 22:13:20.123456",
        ] {
            let date = try #require(cell(text, .timestamptz).date, "\(text)")
            #expect(abs(date.timeIntervalSince(expected)) < 0.000_001, "\(text)")
        }
        #expect(cell("2024-02-29", .date).date == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(cell("2023-11-14 22:13:20+00").date == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(cell("1969-12-31 23:59:58.5+00").date == Date(timeIntervalSince1970: -1.5))
        #expect(cell("0001-12-31 00:00:00+00 BC").date == Date(timeIntervalSince1970: -62_135_683_200))
        #expect(cell("infinity").date == .distantFuture)
        #expect(cell("-infinity").date == .distantPast)
        for garbage in ["", "2023-13-01", "2023-11-14 25:00:00", "yesterday", "2023-11-14 22:13:20+", "2023-11-14x"] {
            #expect(cell(garbage).date == nil, "\(garbage)")
        }
    }

    @Test func byteaInHexAndEscapeFormats() {
        #expect(cell("\\x00ff10", .bytea).bytes == [0, 255, 16])
        #expect(cell("\\x", .bytea).bytes == [])
        #expect(cell("a\\000\\\\b", .bytea).bytes == [97, 0, 92, 98])
        #expect(cell("\\x0", .bytea).bytes == nil)
        #expect(cell("\\xzz", .bytea).bytes == nil)
        #expect(cell("plain", .text).bytes == Array("plain".utf8))
    }

    @Test func arrays() throws {
        #expect(
            try cell(#"{a,"b,c",NULL2,"NULL","say \"hi\"","back\\slash",""}"#, .textArray).decode([String].self)
                == ["a", "b,c", "NULL2", "NULL", "say \"hi\"", "back\\slash", ""])
        #expect(try cell("{}", .textArray).decode([String].self) == [])
        #expect(try cell("[0:1]={7,8}", .int8Array).decode([Int].self) == [7, 8])
        #expect(throws: PostgresError.self) { try cell("{a,NULL}", .textArray).decode([String].self) }
        #expect(throws: PostgresError.self) { try cell("{{1,2},{3,4}}", .int8Array).decode([Int].self) }
        #expect(throws: PostgresError.self) { try cell("{1,x}", .int8Array).decode([Int].self) }
        #expect(throws: PostgresError.self) { try cell(#"{"unterminated}"#, .textArray).decode([String].self) }
    }

    @Test func scalars() throws {
        #expect(cell("t", .bool).bool == true)
        #expect(cell("f", .bool).bool == false)
        #expect(cell("x", .bool).bool == nil)
        #expect(cell("-9223372036854775808", .int8).int64 == .min)
        #expect(cell("3000000000", .int8).int32 == nil)
        #expect(cell("NaN", .float8).double?.isNaN == true)
        #expect(cell("-Infinity", .float8).double == -.infinity)
        #expect(cell("1e-300", .float8).double == 1e-300)
        #expect(
            cell("123456789012345678901234567890.123456789", .numeric).decimalString
                == "123456789012345678901234567890.123456789")
        #expect(try cell("12.50", .numeric).decode(Decimal.self) == Decimal(string: "12.5"))
        #expect(cell("E621E1F8-C36C-495A-93FC-0C247A3E6E5F", .uuid).uuid != nil)
    }

    @Test func decodingErrorsNameTheColumnButNeverTheValue() {
        do {
            _ = try cell("secret-value", .text, column: "token").decode(Int.self)
            Issue.record("decoding text as Int succeeded")
        } catch {
            #expect(error.code == .decoding)
            #expect(error.message.contains("token"))
            #expect(!String(reflecting: error).contains("secret-value"))
        }
        #expect(throws: PostgresError.self) { try cell(nil, column: "n").decode(Int.self) }
        #expect((try? cell(nil, column: "n").decode(Int?.self)) == .some(nil))
    }

    @Test func rowsLookUpColumnsByNameAndIndex() throws {
        let columns = PostgresColumns(names: ["id", "name", "id"], types: [.int8, .text, .int8])
        let row = PostgresRow(columns: columns, values: ["1", nil, "3"])
        #expect(try row.decode("id", as: Int.self) == 1, "the first of two same-named columns wins")
        #expect(try row.decode(2, as: Int.self) == 3)
        #expect(row["name"].isNull)
        #expect(try row.decode("name", as: String?.self) == nil)
        #expect(throws: PostgresError.self) { try row.decode("missing", as: String?.self) }
        #expect(throws: PostgresError.self) { try row.decode(7, as: String?.self) }
    }

    @Test func jsonColumnsDecodeAsCodable() throws {
        struct Payload: Codable, Equatable { var a: [Int]; var b: String }
        let decoded = try cell(#"{"a": [1, 2], "b": "ü"}"#, .jsonb).decodeJSON(Payload.self)
        #expect(decoded == Payload(a: [1, 2], b: "ü"))
        #expect(throws: PostgresError.self) { try cell(#"{"a": 1}"#, .jsonb).decodeJSON(Payload.self) }
    }
}
