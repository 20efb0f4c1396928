import Dispatch
import Synchronization

/// The cancel state of one statement, so a task cancellation cancels *that* statement and never the next one
/// the connection runs.
///
/// The statement moves pending → running → finished on the connection's thread; a cancellation that comes
/// while it is pending stops it from starting, one that comes while it runs sends `PQcancel` while holding the
/// lock, so the statement cannot finish (and the connection cannot start another) until the request is sent.
final class StatementCancellation: Sendable {
    private enum Phase { case pending, running, finished, cancelled }
    private let phase = Mutex(Phase.pending)

    /// A statement that has not started.
    init() {}

    /// Called on the connection's thread before the statement starts; false if it was cancelled already.
    func start() -> Bool {
        phase.withLock { phase in
            guard phase == .pending else { return false }
            phase = .running
            return true
        }
    }

    /// Called on the connection's thread when the statement returned.
    func finish() { phase.withLock { $0 = .finished } }

    /// Cancels the statement: marks it if it has not started, or sends `PQcancel` (off the cooperative pool,
    /// since it opens a connection to the server) if it is running.
    func cancel(_ connection: PQConnection) {
        DispatchQueue.global().async {
            self.phase.withLock { phase in
                switch phase {
                case .pending: phase = .cancelled
                case .running: connection.cancel()
                case .finished, .cancelled: break
                }
            }
        }
    }
}
