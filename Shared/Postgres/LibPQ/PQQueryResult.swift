internal import CLibPQ

/// What a statement produced, copied out of a `PGresult` so the result can be freed at once.
struct PQQueryResult: Sendable {
    /// The rows, empty for commands that return none.
    let rows: [PostgresRow]
    /// Rows inserted, updated, deleted, selected… as the command tag reports (`PQcmdTuples`), 0 when it has none.
    let affectedRows: Int
    /// The command tag (`INSERT 0 1`, `COMMIT`, `ROLLBACK`…).
    let commandTag: String

    /// Copies `result` (which the caller frees), or throws the error it carries. `connectionBroken` turns a
    /// failure into `connectionLost`, since the statement may or may not have run.
    static func read(
        _ result: OpaquePointer, connectionBroken: Bool, sql: String, statement: String?
    ) throws(PostgresError) -> PQQueryResult {
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE:
            return PQQueryResult(rows: copyRows(result), affectedRows: affected(result), commandTag: tag(result))
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return PQQueryResult(rows: [], affectedRows: affected(result), commandTag: tag(result))
        default:
            throw error(result, connectionBroken: connectionBroken, sql: sql, statement: statement)
        }
    }

    private static func copyRows(_ result: OpaquePointer) -> [PostgresRow] {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        var names: [String] = []
        var types: [PostgresDataType] = []
        names.reserveCapacity(Int(columnCount))
        types.reserveCapacity(Int(columnCount))
        for column in 0..<columnCount {
            names.append(PQfname(result, column).map { String(cString: $0) } ?? "?column?")
            types.append(PostgresDataType(oid: UInt32(PQftype(result, column))))
        }
        let columns = PostgresColumns(names: names, types: types)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else if let value = PQgetvalue(result, row, column) {
                    let length = Int(PQgetlength(result, row, column))
                    let bytes = UnsafeRawBufferPointer(start: value, count: length)
                    values.append(String(decoding: bytes, as: UTF8.self))
                } else {
                    values.append(nil)
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return rows
    }

    private static func affected(_ result: OpaquePointer) -> Int {
        guard let tuples = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: tuples)) ?? 0
    }

    private static func tag(_ result: OpaquePointer) -> String {
        PQcmdStatus(result).map { String(cString: $0) } ?? ""
    }

    private static func error(
        _ result: OpaquePointer, connectionBroken: Bool, sql: String, statement: String?
    ) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue ?? 0)) else { return nil }
            return String(cString: value)
        }
        var message = field("M") ?? PQresultErrorMessage(result).map { String(cString: $0) } ?? "unknown error"
        if message.hasSuffix("\n") { message.removeLast() }
        return PostgresError(
            connectionBroken ? .connectionLost : .server, message: message, sqlState: field("C"), detail: field("D"),
            hint: field("H"), query: sql, statementName: statement)
    }
}
