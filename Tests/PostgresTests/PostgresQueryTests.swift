import Foundation
import Postgres
import Testing

@Suite struct PostgresQueryTests {
    @Test func interpolationsBecomeNumberedParameters() {
        let id = 42
        let name = "O'Brien"
        let query: PostgresQuery = "SELECT * FROM users WHERE id = \(id) AND name = \(name) OR id = \(id)"
        #expect(query.sql == "SELECT * FROM users WHERE id = $1 AND name = $2 OR id = $3")
        #expect(query.binds.count == 3)
        #expect(query.binds[0] == PostgresBind(type: .int8, value: .text("42")))
        #expect(query.binds[1] == PostgresBind(type: .text, value: .text("O'Brien")))
    }

    @Test func unsafeSQLIsSplicedAndNotBound() {
        let direction = "DESC"
        let limit: Int32 = 5
        let query: PostgresQuery = "SELECT 1 ORDER BY 1 \(unsafeSQL: direction) LIMIT \(limit)"
        #expect(query.sql == "SELECT 1 ORDER BY 1 DESC LIMIT $1")
        #expect(query.binds == [PostgresBind(type: .int4, value: .text("5"))])
    }

    @Test func aLiteralHasNoParameters() {
        let query: PostgresQuery = "SELECT 1"
        #expect(query.sql == "SELECT 1")
        #expect(query.binds.isEmpty)
    }

    @Test func descriptionNeverShowsValues() {
        let secret = "hunter2"
        let query: PostgresQuery = "UPDATE users SET password = \(secret)"
        #expect(!"\(query)".contains(secret))
    }

    @Test func nilBindsATypedNull() {
        let missing: UUID? = nil
        let query: PostgresQuery = "SELECT \(missing)"
        #expect(query.binds == [.null(.uuid)])
    }

    @Test func valuesUseTheirPostgresTypes() {
        let uuid = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!
        #expect(uuid.postgresBind == PostgresBind(type: .uuid, value: .text("e621e1f8-c36c-495a-93fc-0c247a3e6e5f")))
        #expect(true.postgresBind == PostgresBind(type: .bool, value: .text("t")))
        #expect(Double.infinity.postgresBind.value == .text("Infinity"))
        #expect(Double.nan.postgresBind.value == .text("NaN"))
        #expect([UInt8]([0, 1, 0]).postgresBind == PostgresBind(type: .bytea, value: .binary([0, 1, 0])))
        #expect(PostgresJSON("{}").postgresBind == PostgresBind(type: .jsonb, value: .text("{}")))
        #expect(Decimal(string: "12.50")!.postgresBind == PostgresBind(type: .numeric, value: .text("12.5")))
    }

    @Test func stringArraysQuoteEveryElement() {
        let bind = ["a", "b,c", "NULL", "say \"hi\"", "back\\slash", ""].postgresBind
        #expect(bind.type == .textArray)
        #expect(bind.value == .text(#"{"a","b,c","NULL","say \"hi\"","back\\slash",""}"#))
    }

    @Test func datesAreSentInUTCWithMicroseconds() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123456)
        #expect(date.postgresBind.value == .text("2023-11-14 22:13:20.123456+00"))
        #expect(Date(timeIntervalSince1970: -1.5).postgresBind.value == .text("1969-12-31 23:59:58.500000+00"))
        let bc = Date(timeIntervalSince1970: -62_135_683_200)  // 0000-12-31, i.e. 1 BC
        #expect(bc.postgresBind.value == .text("0001-12-31 00:00:00.000000+00 BC"))
    }
}
