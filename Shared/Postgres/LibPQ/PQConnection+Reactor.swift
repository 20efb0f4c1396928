internal import CLibPQ
import HordeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `execute(_:_:)` driven by the caller's event loop instead of the connection's thread: each step is sent without
/// blocking (`PQsendQueryParams`, `PQsendPrepare`, `PQsendQueryPrepared`), and the task waits on the loop for the
/// socket, so a statement costs no thread hand-off. Same statement cache, same fallbacks, same results.
extension PQConnection {
    /// Runs one statement like `execute(_:_:)`, waiting for the server through `watch` (on the session's socket).
    func execute(_ sql: String, _ binds: [PostgresBind], watching watch: any IOWatch) async throws(PostgresError)
        -> PQQueryResult
    {
        guard !binds.isEmpty else { return try await exchangeText(sql, binds, watch) }
        let key = PQStatementCache.Key(sql: sql, types: binds.map(\.type.oid))
        switch statements.plan(for: key) {
        case .unprepared:
            return try await exchangeText(sql, binds, watch)
        case .prepare(let name):
            if statements.isFull {
                _ = try await exchange(sql: "DEALLOCATE ALL", statement: nil, watch) { PQsendQuery($0, "DEALLOCATE ALL") }
                statements.forgetAll()
                prepared.removeAll()
            }
            let oids = key.types.map { Oid($0) }
            _ = try await exchange(sql: sql, statement: nil, watch) { handle in
                oids.withUnsafeBufferPointer { PQsendPrepare(handle, name, sql, Int32($0.count), $0.baseAddress) }
            }
            statements.prepared(key, as: name)
            return try await exchangeCached(name: name, key: key, sql: sql, binds, watch)
        case .run(let name):
            return try await exchangeCached(name: name, key: key, sql: sql, binds, watch)
        }
    }

    /// `executeCached` without blocking: a statement the server lost (26000) or whose plan broke (0A000) is
    /// forgotten and, outside a transaction block, run as text.
    private func exchangeCached(
        name: String, key: PQStatementCache.Key, sql: String, _ binds: [PostgresBind], _ watch: any IOWatch
    ) async throws(PostgresError) -> PQQueryResult {
        do throws(PostgresError) {
            return try await exchange(sql: sql, statement: nil, watch) { (handle) throws(PostgresError) -> Int32 in
                try PQParameters.with(binds, sql: sql) { parameters in
                    PQsendQueryPrepared(
                        handle, name, parameters.count, parameters.values, parameters.lengths, parameters.formats, 0)
                }
            }
        } catch where error.sqlState == "26000" || error.sqlState == "0A000" {
            statements.forget(key)
            guard isIdle else { throw error }
            if error.sqlState == "0A000" {
                _ = try? await exchange(sql: "DEALLOCATE \(name)", statement: nil, watch) {
                    PQsendQuery($0, "DEALLOCATE \(name)")
                }
            }
            return try await exchangeText(sql, binds, watch)
        }
    }

    private func exchangeText(_ sql: String, _ binds: [PostgresBind], _ watch: any IOWatch) async throws(PostgresError)
        -> PQQueryResult
    {
        try await exchange(sql: sql, statement: nil, watch) { (handle) throws(PostgresError) -> Int32 in
            try PQParameters.with(binds, sql: sql) { parameters in
                PQsendQueryParams(
                    handle, sql, parameters.count, parameters.types, parameters.values, parameters.lengths,
                    parameters.formats, 0)
            }
        }
    }

    /// Sends one command with `send` (a `PQsend…` call, 1 on success), flushes it, and collects its results as
    /// `PQexec` would: the first error, or else the last result.
    private func exchange(
        sql: String, statement: String?, _ watch: any IOWatch,
        send: (OpaquePointer) throws(PostgresError) -> Int32
    ) async throws(PostgresError) -> PQQueryResult {
        let handle = try openHandle(sql)
        guard try send(handle) == 1 else { throw failure(handle, sql: sql, statement: statement) }
        while true {
            let flushed = PQflush(handle)
            if flushed == 0 { break }
            guard flushed > 0, await watch.writable() else { throw failure(handle, sql: sql, statement: statement) }
        }
        var kept: OpaquePointer?
        defer { if let kept { PQclear(kept) } }
        while true {
            while PQisBusy(handle) == 1 {
                // libpq may leave input in the socket after a read, and the watch only reports new edges.
                if !Self.hasInput(PQsocket(handle)) {
                    guard await watch.readable() else { throw failure(handle, sql: sql, statement: statement) }
                }
                guard PQconsumeInput(handle) == 1 else { throw failure(handle, sql: sql, statement: statement) }
            }
            guard let result = PQgetResult(handle) else { break }
            if let current = kept, PQresultStatus(current) == PGRES_FATAL_ERROR {
                PQclear(result)
            } else {
                if let current = kept { PQclear(current) }
                kept = result
            }
        }
        let result = kept
        kept = nil
        return try read(result, sql: sql, statement: statement)
    }

    /// The error for a send, flush or read libpq could not do: the session's last error.
    private func failure(_ handle: OpaquePointer, sql: String, statement: String?) -> PostgresError {
        PostgresError(
            isConnected ? .server : .connectionLost, message: PQConnection.errorMessage(handle), query: sql,
            statementName: statement)
    }

    /// True when `fd` has bytes (or an end of stream) to read right now.
    private static func hasInput(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }
}
