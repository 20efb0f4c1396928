import Foundation
import Postgres
import Testing

extension PostgresIntegrationTests {
    @Suite("Bind round trips") struct BindRoundTripTests {
        /// Sends `value` as a typed parameter and decodes what the server returns.
        private func echo<T: PostgresBindable & PostgresDecodable>(_ value: T, on pool: PostgresPool) async throws -> T
        {
            let rows = try await pool.query("SELECT \(value) AS v")
            return try rows[0].decode("v", as: T.self)
        }

        @Test func everyScalarTypeRoundTrips() async throws {
            let pool = TestPostgres.pool("binds")
            let strings = [
                "", "plain", "héllo wörld", "emoji 🎉👩‍👩‍👧 and 漢字", "e\u{301} combining", "quote ' \" \\ backslash",
                "NULL", "{a,b}", "new\nline\ttab", String(repeating: "x", count: 100_000),
            ]
            for string in strings { #expect(try await echo(string, on: pool) == string) }
            for int in [0, 1, -1, Int.max, Int.min] { #expect(try await echo(int, on: pool) == int) }
            for int in [Int64.max, Int64.min] { #expect(try await echo(int, on: pool) == int) }
            for int in [Int32.max, Int32.min] { #expect(try await echo(int, on: pool) == int) }
            for double in [0.0, .pi, -2.5e-300, 1.7976931348623157e308, .infinity, -.infinity] {
                #expect(try await echo(double, on: pool) == double)
            }
            #expect(try await echo(Double.nan, on: pool).isNaN)
            #expect(try await echo(true, on: pool) == true)
            #expect(try await echo(false, on: pool) == false)
            let uuid = UUID()
            #expect(try await echo(uuid, on: pool) == uuid)
            let decimal = try #require(Decimal(string: "12345678901234567890.123456789"))
            #expect(try await echo(decimal, on: pool) == decimal)
            let json = PostgresJSON(#"{"a": [1, 2, {"b": null}], "c": "ü"}"#)
            #expect(try await echo(json, on: pool) == json)
            await pool.close()
        }

        @Test func datesRoundTripToTheMicrosecond() async throws {
            let pool = TestPostgres.pool("dates")
            let dates = [
                Date(timeIntervalSince1970: 1_700_000_000.123456), Date(timeIntervalSince1970: 0),
                Date(timeIntervalSince1970: -1.25), Date(timeIntervalSince1970: 4_102_444_800.999999),
                Date(timeIntervalSince1970: -62_135_683_200),
            ]
            for date in dates {
                let back = try await echo(date, on: pool)
                #expect(abs(back.timeIntervalSince(date)) < 0.000_001, "\(date)")
            }
            // The server's own clock comes back as a date close to ours, whatever its time zone setting.
            let now = try await pool.query("SELECT now() AS t")[0].decode("t", as: Date.self)
            #expect(abs(now.timeIntervalSinceNow) < 60)
            await pool.close()
        }

        @Test func binaryAndArrayValuesRoundTrip() async throws {
            let pool = TestPostgres.pool("arrays")
            let allBytes = [UInt8](0...255) + [0, 0, 0]
            #expect(try await echo(allBytes, on: pool) == allBytes)
            #expect(try await echo([UInt8](), on: pool) == [])
            #expect(try await echo(Data([0, 1, 0, 2]), on: pool) == Data([0, 1, 0, 2]))
            let strings = ["a", "b,c", "{d}", "\"e\"", "back\\slash", "NULL", "", "unicode 🎉", " padded "]
            #expect(try await echo(strings, on: pool) == strings)
            #expect(try await echo([String](), on: pool) == [])
            let uuids = [UUID(), UUID()]
            #expect(try await echo(uuids, on: pool) == uuids)
            #expect(try await echo([Int.min, 0, Int.max], on: pool) == [Int.min, 0, Int.max])
            // `= ANY(array)` is how a list of values is passed.
            let count = try await pool.query(
                "SELECT count(*) AS n FROM unnest(\(strings)) AS s WHERE s = ANY(\(["a", "NULL"]))")
            #expect(try count[0].decode("n", as: Int.self) == 2)
            await pool.close()
        }

        @Test func nullsOfEveryTypeRoundTripThroughATable() async throws {
            try await TestPostgres.withSchema("nulls") { pool, schema in
                try await pool.execute(
                    """
                    CREATE TABLE \(unsafeSQL: schema).everything (
                        t text, i8 bigint, i4 integer, i2 smallint, f8 double precision, b boolean, u uuid,
                        ts timestamptz, n numeric, by bytea, ta text[], ua uuid[], ia bigint[], j jsonb)
                    """)
                let id = UUID()
                let when = Date(timeIntervalSince1970: 1_700_000_000.5)
                let insert: (String?, Int?, Int32?, Int16?, Double?, Bool?, UUID?, Date?, Decimal?, [UInt8]?) = (
                    "x", 1, 2, 3, 4.5, true, id, when, Decimal(7), [0, 9]
                )
                for row in [true, false] {
                    let values = row ? insert : (nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
                    let arrays: ([String]?, [UUID]?, [Int]?, PostgresJSON?) =
                        row ? (["p", "q"], [id], [1, 2], PostgresJSON("[1]")) : (nil, nil, nil, nil)
                    let inserted = try await pool.execute(
                        """
                        INSERT INTO \(unsafeSQL: schema).everything VALUES (
                            \(values.0), \(values.1), \(values.2), \(values.3), \(values.4), \(values.5), \(values.6),
                            \(values.7), \(values.8), \(values.9), \(arrays.0), \(arrays.1), \(arrays.2), \(arrays.3))
                        """)
                    #expect(inserted == 1)
                }
                let rows = try await pool.query("SELECT * FROM \(unsafeSQL: schema).everything ORDER BY t NULLS LAST")
                #expect(rows.count == 2)
                let full = rows[0]
                #expect(try full.decode("t", as: String.self) == "x")
                #expect(try full.decode("i8", as: Int.self) == 1)
                #expect(try full.decode("i4", as: Int32.self) == 2)
                #expect(try full.decode("i2", as: Int.self) == 3)
                #expect(try full.decode("f8", as: Double.self) == 4.5)
                #expect(try full.decode("b", as: Bool.self))
                #expect(try full.decode("u", as: UUID.self) == id)
                #expect(try full.decode("ts", as: Date.self) == when)
                #expect(try full.decode("n", as: Decimal.self) == Decimal(7))
                #expect(try full.decode("by", as: [UInt8].self) == [0, 9])
                #expect(try full.decode("ta", as: [String].self) == ["p", "q"])
                #expect(try full.decode("ua", as: [UUID].self) == [id])
                #expect(try full.decode("ia", as: [Int].self) == [1, 2])
                #expect(try full.decode("j", as: PostgresJSON.self) == PostgresJSON("[1]"))
                let empty = rows[1]
                for column in empty.columns.names {
                    #expect(empty[column].isNull, "\(column)")
                    #expect(throws: PostgresError.self) { try empty.decode(column, as: String.self) }
                }
                #expect(try empty.decode("u", as: UUID?.self) == nil)
                #expect(try empty.decode("ts", as: Date?.self) == nil)
                #expect(try empty.decode("by", as: [UInt8]?.self) == nil)
            }
        }

        @Test func injectionAttemptsStayData() async throws {
            try await TestPostgres.withSchema("inject") { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).items (name text)")
                let attacks = [
                    "'); DROP TABLE \(schema).items; --", "x' OR '1'='1", "\\'; SELECT pg_sleep(10); --",
                    "$1", "$$ LANGUAGE sql $$", "\u{2019}; DELETE FROM \(schema).items",
                ]
                for attack in attacks {
                    try await pool.execute("INSERT INTO \(unsafeSQL: schema).items (name) VALUES (\(attack))")
                }
                let stored = try await pool.query("SELECT name FROM \(unsafeSQL: schema).items ORDER BY name")
                    .map { try $0.decode("name", as: String.self) }
                #expect(stored == attacks.sorted())
                let matching = try await pool.query(
                    "SELECT count(*) AS n FROM \(unsafeSQL: schema).items WHERE name = \("x' OR '1'='1")")
                #expect(try matching[0].decode("n", as: Int.self) == 1)
            }
        }

        @Test func aNULCharacterIsRefusedNotTruncated() async throws {
            let pool = TestPostgres.pool("nul")
            await #expect(throws: PostgresError.self) { try await pool.query("SELECT \("before\u{0}after")") }
            #expect(try await echo("still usable", on: pool) == "still usable")
            await pool.close()
        }

        @Test func serverErrorsCarryTheirSQLStateAndKeepDetailsOutOfTheDescription() async throws {
            try await TestPostgres.withSchema("errors") { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).users (email text PRIMARY KEY)")
                try await pool.execute("INSERT INTO \(unsafeSQL: schema).users VALUES (\("alice@example.com"))")
                do {
                    try await pool.execute("INSERT INTO \(unsafeSQL: schema).users VALUES (\("alice@example.com"))")
                    Issue.record("a duplicate key was accepted")
                } catch let error as PostgresError {
                    #expect(error.isUniqueViolation)
                    #expect(error.code == .server)
                    #expect(!"\(error)".contains("alice"))
                    #expect(error.detail?.contains("alice@example.com") == true)
                    #expect(String(reflecting: error).contains("alice@example.com"))
                }
                await #expect(throws: PostgresError.self) { try await pool.query("SELEC 1") }
                let affected = try await pool.execute("UPDATE \(unsafeSQL: schema).users SET email = email || '.org'")
                #expect(affected == 1)
            }
        }

        @Test func preparedStatementsArePreparedOnceAndAgainAfterDeallocate() async throws {
            struct Square: PostgresPreparedStatement {
                static let sql = "SELECT $1::bigint * $1::bigint AS v"
                let value: Int
                var binds: [PostgresBind] { [value.postgresBind] }
            }
            let pool = TestPostgres.pool("prepared") { $0.maxConnections = 1 }
            #expect(try await pool.query(Square(value: 3))[0].decode("v", as: Int.self) == 9)
            #expect(try await pool.query(Square(value: 4))[0].decode("v", as: Int.self) == 16)
            let prepared = try await pool.query(
                "SELECT count(*) AS n FROM pg_prepared_statements WHERE name = \(Square.name)")
            #expect(try prepared[0].decode("n", as: Int.self) == 1)
            try await pool.execute("DEALLOCATE ALL")
            #expect(try await pool.query(Square(value: 5))[0].decode("v", as: Int.self) == 25)
            await pool.close()
        }
    }
}
