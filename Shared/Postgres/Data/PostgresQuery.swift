/// A SQL statement with its parameters, safe by construction.
///
/// Every interpolation becomes a numbered parameter: `"SELECT * FROM t WHERE id = \(id) AND n > \(n)"` sends
/// `SELECT * FROM t WHERE id = $1 AND n > $2` with two binds, so values can never change the statement.
/// SQL text that must be spliced in (an identifier, an `ORDER BY` direction chosen by code) is spelled
/// `\(unsafeSQL: "...")`, which makes each such place easy to find and review.
package struct PostgresQuery: ExpressibleByStringInterpolation, Sendable, Hashable, CustomStringConvertible {
    /// The SQL text, with `$1…$n` where values go.
    package var sql: String
    /// The values for `$1…$n`, in order.
    package var binds: [PostgresBind]

    /// A statement whose SQL is taken as is; its `$n` placeholders refer to `binds`.
    package init(unsafeSQL sql: String, binds: [PostgresBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    /// A statement without parameters.
    package init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// A statement built by interpolation.
    package init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// The SQL text only: parameter values are never printed.
    package var description: String { sql }

    /// Collects literal SQL and numbered parameters while a query literal is built.
    package struct StringInterpolation: StringInterpolationProtocol {
        /// The SQL so far.
        package private(set) var sql: String
        /// The parameters so far.
        package private(set) var binds: [PostgresBind]

        /// Reserves room for the literal parts and the placeholders.
        package init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        /// Appends SQL written in the source.
        package mutating func appendLiteral(_ literal: String) { sql += literal }

        /// Appends a parameter placeholder and its value (`nil` binds a typed NULL).
        package mutating func appendInterpolation(_ value: some PostgresBindable) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// Appends a parameter placeholder and an optional value (`nil` binds a NULL of the wrapped type).
        /// Spelled out so interpolating an `Optional` reads as intended rather than as a debug description.
        package mutating func appendInterpolation<Value: PostgresBindable>(_ value: Value?) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// Appends raw SQL. Never pass text that came from a request, a message or the database.
        package mutating func appendInterpolation(unsafeSQL fragment: String) { sql += fragment }
    }
}
