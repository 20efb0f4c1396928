internal import CLibPQ

/// Owns the `PGcancel` object of one connection, which can ask the server to cancel the running command.
///
/// `@unchecked Sendable` invariant: the pointer is set once in `init` and freed only in `deinit`; libpq
/// documents `PQcancel` on a `PGcancel` as safe to call from any thread, concurrently with use of the `PGconn`.
final class PQCancelHandle: @unchecked Sendable {
    private let handle: OpaquePointer

    /// The cancel object for `connection` (a `PGconn*`). The corresponding C function is `PQgetCancel`.
    init?(connection: OpaquePointer) {
        guard let handle = PQgetCancel(connection) else { return nil }
        self.handle = handle
    }

    deinit { PQfreeCancel(handle) }

    /// Sends a cancel request (blocking, a fresh connection to the server). The corresponding C function is
    /// `PQcancel`. A failure is ignored: the command then simply runs to completion or to its statement timeout.
    func cancel() {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &buffer, Int32(buffer.count))
    }
}
