internal import CLibPQ

/// Owns one libpq connection (`PGconn`) and makes every blocking libpq call on it.
///
/// `@unchecked Sendable` invariant: the methods that touch the `PGconn` run on the connection's own
/// `ConnectionThread`, one job at a time (the owner serialises them); the status accessors may also be read by
/// the owner between jobs, when no job is running. `cancel()` is the exception: it only uses the separate
/// `PGcancel` object, which libpq documents as safe to use from any thread.
final class PQConnection: @unchecked Sendable {
    /// `PGconn*`; nil after `finish()`.
    private var handle: OpaquePointer?
    private let canceller: PQCancelHandle?
    /// Names of the statements prepared on this session (confined to the connection's thread).
    var prepared: Set<String> = []
    /// The statements this session prepared on its own (confined to the connection's thread).
    var statements: PQStatementCache
    /// The server process serving this session (`pg_backend_pid()`).
    let backendPID: Int32

    private init(handle: OpaquePointer, preparedStatements: Int) {
        self.handle = handle
        self.statements = PQStatementCache(capacity: preparedStatements)
        self.canceller = PQCancelHandle(connection: handle)
        self.backendPID = PQbackendPID(handle)
        // Notices (`NOTICE: relation exists, skipping`) would otherwise be printed to stderr by libpq.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        // For the exchanges a reactor drives; the blocking calls (PQexec and kin) ignore the mode.
        PQsetnonblocking(handle, 1)
    }

    deinit { finish() }

    /// Connects with libpq keyword/value `parameters` (blocking). The corresponding C function is
    /// `PQconnectdbParams`.
    static func connect(
        _ parameters: [(String, String)], preparedStatements: Int = 256
    ) throws(PostgresError) -> PQConnection {
        let handle = PQCString.withArray(parameters.map(\.0)) { keywords in
            PQCString.withArray(parameters.map(\.1)) { values in
                PQconnectdbParams(keywords, values, 0)
            }
        }
        guard let handle else {
            throw PostgresError(.connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = PQConnection.errorMessage(handle)
            PQfinish(handle)
            throw PostgresError(.connectionFailed, message: message)
        }
        return PQConnection(handle: handle, preparedStatements: preparedStatements)
    }

    /// Closes the session. The corresponding C function is `PQfinish`.
    func finish() {
        guard let handle else { return }
        PQfinish(handle)
        self.handle = nil
    }

    /// True while the session is open and libpq has not seen it break (`PQstatus == CONNECTION_OK`).
    var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// True when the session is outside any transaction block and no command is running.
    var isIdle: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// The socket's descriptor, or -1. The corresponding C function is `PQsocket`.
    var socketDescriptor: Int32 {
        guard let handle else { return -1 }
        return PQsocket(handle)
    }

    /// Asks the server to cancel the command in flight; safe from any thread. The corresponding C function is
    /// `PQcancel`. Blocks while it opens a connection to the server, so never call it on the cooperative pool.
    func cancel() { canceller?.cancel() }

    /// Runs one statement with `$n` parameters (blocking). A statement this session has run before is prepared and
    /// run by name (`PQStatementCache`); otherwise its text is sent. The corresponding C functions are
    /// `PQexecParams`, `PQprepare` and `PQexecPrepared`.
    func execute(_ sql: String, _ binds: [PostgresBind]) throws(PostgresError) -> PQQueryResult {
        guard !binds.isEmpty else { return try executeText(sql, binds) }
        let key = PQStatementCache.Key(sql: sql, types: binds.map(\.type.oid))
        switch statements.plan(for: key) {
        case .unprepared:
            return try executeText(sql, binds)
        case .prepare(let name):
            if statements.isFull {
                // Also drops the named statements: they are prepared again on their next use.
                _ = try executeScript("DEALLOCATE ALL")
                statements.forgetAll()
                prepared.removeAll()
            }
            try prepare(name: name, sql: sql, types: key.types, reportedAs: nil)
            statements.prepared(key, as: name)
            return try executeCached(name: name, key: key, sql: sql, binds)
        case .run(let name):
            return try executeCached(name: name, key: key, sql: sql, binds)
        }
    }

    /// Runs an implicitly prepared statement. If the server lost it (SQLSTATE 26000) or its plan no longer fits the
    /// tables (0A000, a column added under `RETURNING *`), it is forgotten and, outside a transaction block, the text
    /// is run instead; inside one the error stands, as the block is already aborted.
    private func executeCached(
        name: String, key: PQStatementCache.Key, sql: String, _ binds: [PostgresBind]
    ) throws(PostgresError) -> PQQueryResult {
        let handle = try openHandle(sql)
        do {
            let result = try PQParameters.with(binds, sql: sql) { parameters in
                PQexecPrepared(
                    handle, name, parameters.count, parameters.values, parameters.lengths, parameters.formats, 0)
            }
            return try read(result, sql: sql, statement: nil)
        } catch where error.sqlState == "26000" || error.sqlState == "0A000" {
            statements.forget(key)
            guard isIdle else { throw error }
            if error.sqlState == "0A000" { _ = try? executeScript("DEALLOCATE \(name)") }
            return try executeText(sql, binds)
        }
    }

    private func executeText(_ sql: String, _ binds: [PostgresBind]) throws(PostgresError) -> PQQueryResult {
        let handle = try openHandle(sql)
        let result = try PQParameters.with(binds, sql: sql) { parameters in
            PQexecParams(
                handle, sql, parameters.count, parameters.types, parameters.values, parameters.lengths,
                parameters.formats, 0)
        }
        return try read(result, sql: sql, statement: nil)
    }

    /// Runs the prepared statement `name`, preparing it from `sql` the first time this session uses it, and once
    /// more if the server no longer knows it (SQLSTATE 26000). The corresponding C functions are `PQprepare` and
    /// `PQexecPrepared`.
    func executePrepared(name: String, sql: String, _ binds: [PostgresBind]) throws(PostgresError) -> PQQueryResult {
        do {
            return try executePreparedOnce(name: name, sql: sql, binds)
        } catch where error.sqlState == "26000" {
            prepared.remove(name)
            return try executePreparedOnce(name: name, sql: sql, binds)
        }
    }

    /// Runs SQL text that may hold several statements and no parameters: migrations, `ROLLBACK`, `LISTEN`.
    /// The corresponding C function is `PQexec`.
    func executeScript(_ sql: String) throws(PostgresError) -> PQQueryResult {
        let handle = try openHandle(sql)
        return try read(PQexec(handle, sql), sql: sql, statement: nil)
    }

    /// Quotes `name` as an identifier (`"my channel"`). The corresponding C function is `PQescapeIdentifier`.
    func escapeIdentifier(_ name: String) throws(PostgresError) -> String {
        let handle = try openHandle(nil)
        let utf8 = Array(name.utf8)
        guard let escaped = PQescapeIdentifier(handle, name, utf8.count) else {
            throw PostgresError(.invalidQuery, message: PQConnection.errorMessage(handle))
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Puts the session in non-blocking mode for the listener's poll loop. The corresponding C function is
    /// `PQsetnonblocking`.
    func setNonblocking() throws(PostgresError) {
        let handle = try openHandle(nil)
        guard PQsetnonblocking(handle, 1) == 0 else {
            throw PostgresError(.connectionLost, message: PQConnection.errorMessage(handle))
        }
    }

    /// Reads whatever the server sent without blocking; throws when the connection broke. The corresponding C
    /// function is `PQconsumeInput`.
    func consumeInput() throws(PostgresError) {
        let handle = try openHandle(nil)
        guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(.connectionLost, message: PQConnection.errorMessage(handle))
        }
    }

    /// Every notification received so far, copied out and freed. The corresponding C function is `PQnotifies`.
    func drainNotifications() -> [PostgresNotification] {
        guard let handle else { return [] }
        var notifications: [PostgresNotification] = []
        while let notify = PQnotifies(handle) {
            defer { PQfreemem(notify) }
            let channel = notify.pointee.relname.map { String(cString: $0) } ?? ""
            let payload = notify.pointee.extra.map { String(cString: $0) } ?? ""
            notifications.append(
                PostgresNotification(channel: channel, payload: payload, senderPID: notify.pointee.be_pid))
        }
        return notifications
    }

    private func executePreparedOnce(
        name: String, sql: String, _ binds: [PostgresBind]
    ) throws(PostgresError) -> PQQueryResult {
        let handle = try openHandle(sql)
        if !prepared.contains(name) {
            do {
                try prepare(name: name, sql: sql, types: binds.map(\.type.oid), reportedAs: name)
            } catch where error.sqlState == "42P05" {
                // Prepared under this name by an earlier incarnation of the set; the server's copy is usable.
            }
            prepared.insert(name)
        }
        let result = try PQParameters.with(binds, sql: sql) { parameters in
            PQexecPrepared(handle, name, parameters.count, parameters.values, parameters.lengths, parameters.formats, 0)
        }
        return try read(result, sql: sql, statement: name)
    }

    /// Prepares `sql` as `name`; errors name the statement as `reportedAs`. The corresponding C function is
    /// `PQprepare`.
    private func prepare(name: String, sql: String, types: [UInt32], reportedAs: String?) throws(PostgresError) {
        let handle = try openHandle(sql)
        let oids = types.map { Oid($0) }
        let result = oids.withUnsafeBufferPointer { oids in
            PQprepare(handle, name, sql, Int32(oids.count), oids.baseAddress)
        }
        _ = try read(result, sql: sql, statement: reportedAs)
    }

    func openHandle(_ sql: String?) throws(PostgresError) -> OpaquePointer {
        guard let handle else { throw PostgresError(.connectionLost, message: "connection is closed", query: sql) }
        return handle
    }

    /// Converts and frees `result`; a NULL result or a broken session becomes `connectionLost`.
    func read(
        _ result: OpaquePointer?, sql: String, statement: String?
    ) throws(PostgresError) -> PQQueryResult {
        let handle = try openHandle(sql)
        guard let result else {
            throw PostgresError(
                isConnected ? .server : .connectionLost, message: PQConnection.errorMessage(handle), query: sql,
                statementName: statement)
        }
        defer { PQclear(result) }
        return try PQQueryResult.read(result, connectionBroken: !isConnected, sql: sql, statement: statement)
    }

    /// libpq's last error text for `handle`, without the trailing newline.
    static func errorMessage(_ handle: OpaquePointer) -> String {
        guard let text = PQerrorMessage(handle) else { return "unknown libpq error" }
        let message = String(cString: text)
        return message.hasSuffix("\n") ? String(message.dropLast()) : message
    }
}
