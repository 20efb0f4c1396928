import Foundation
import HordeCore
import Synchronization

/// Receives `NOTIFY`s on a dedicated connection outside the pool.
///
/// `run()` keeps one session listening on every channel, reconnecting with a growing pause when it breaks, and
/// publishes to `events`: `.connected` after each (re)connection (notifications sent while disconnected are
/// lost, so re-read the state you care about then) and `.notification` for each `NOTIFY`. A notification is a
/// hint, never the source of truth. The stream keeps the newest `bufferSize` events when its reader falls
/// behind. The session's I/O runs on the listener's own thread (`poll()` on the socket and a wake pipe).
package final class PostgresListener: Service {
    /// What the listener publishes.
    package enum Event: Sendable, Hashable {
        /// A session is listening on every channel (the first time or after a reconnect).
        case connected
        /// A notification arrived.
        case notification(PostgresNotification)
    }

    /// The events, in arrival order; finishes when the listener stops.
    package let events: AsyncStream<Event>
    private let loop: ListenerLoop

    /// A listener for `channels` (each 1–63 bytes; any characters, they are quoted as identifiers).
    package init(
        config: PostgresConfig, channels: [String], bufferSize: Int = 1024, logger: Logger
    ) throws {
        guard !channels.isEmpty,
            channels.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 63 && !$0.utf8.contains(0) })
        else {
            throw PostgresError(.invalidConfiguration, message: "LISTEN channels must be 1 to 63 bytes long")
        }
        let (events, continuation) = AsyncStream.makeStream(
            of: Event.self, bufferingPolicy: .bufferingNewest(max(1, bufferSize)))
        self.events = events
        self.loop = ListenerLoop(
            parameters: try config.connectionParameters(), channels: channels, continuation: continuation,
            wake: try WakePipe(), logger: logger.with(PostgresLogKeys.target, config.redactedTarget),
            dropped: MetricsRegistry.shared.counter(
                "horde_postgres_listener_dropped_total", help: "Notifications dropped because the reader fell behind",
                labels: ["pool": config.applicationName]))
    }

    /// `postgres.listener`, for the service group's logs.
    package var name: String { "postgres.listener" }

    /// Listens until graceful shutdown, task cancellation or `stop()`, then closes the session and finishes
    /// `events`. Runs at most once. The session connects synchronously on the listener's thread, so a stop
    /// that arrives while it connects takes effect within the connect timeout.
    package func run() async {
        await withGracefulShutdownHandler {
            await runUntilStopped()
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// Stops the listener; `run()` returns soon after.
    package func stop() { loop.stop() }

    private func runUntilStopped() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                guard loop.claim() else {
                    done.resume()
                    return
                }
                let loop = self.loop
                DedicatedThread.start(name: "pg-listener") {
                    loop.run()
                    done.resume()
                }
            }
        } onCancel: {
            stop()
        }
    }
}

/// The listener's thread: connect, LISTEN, then poll the socket and the wake pipe, reconnecting on failure.
///
/// Everything but `claim()` and `stop()` runs on the listener's one thread, which alone touches the session.
private final class ListenerLoop: Sendable {
    private let parameters: [(String, String)]
    private let channels: [String]
    private let continuation: AsyncStream<PostgresListener.Event>.Continuation
    private let wake: WakePipe
    private let logger: Logger
    private let dropped: Counter
    private struct Flags { var claimed = false; var stopping = false }
    private let flags = Mutex(Flags())

    /// A loop for `channels` that connects with `parameters`.
    init(
        parameters: [(String, String)], channels: [String],
        continuation: AsyncStream<PostgresListener.Event>.Continuation, wake: WakePipe, logger: Logger,
        dropped: Counter
    ) {
        self.parameters = parameters
        self.channels = channels
        self.continuation = continuation
        self.wake = wake
        self.logger = logger
        self.dropped = dropped
    }

    /// True the first time only.
    func claim() -> Bool {
        flags.withLock { flags in
            defer { flags.claimed = true }
            return !flags.claimed
        }
    }

    /// Makes `run()` return soon; safe from any thread.
    func stop() {
        flags.withLock { $0.stopping = true }
        wake.wake()
    }

    private var isStopping: Bool { flags.withLock { $0.stopping } }

    /// Listens, reconnecting after a pause that doubles up to 5 s, until stopped; then finishes the stream.
    func run() {
        var pause = Duration.milliseconds(100)
        while !isStopping {
            do {
                let session = try listen()
                pause = .milliseconds(100)
                try receive(on: session)
                session.finish()
            } catch {
                logger.info(
                    "postgres listener disconnected, reconnecting",
                    [
                        PostgresLogKeys.errorCode: error.code.description,
                        PostgresLogKeys.retryDelay: "\(pause.milliseconds)ms",
                    ])
                _ = wake.wait(for: -1, timeout: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
        continuation.finish()
    }

    /// Opens a session and listens on every channel.
    private func listen() throws(PostgresError) -> PQConnection {
        let session = try PQConnection.connect(parameters)
        for channel in channels {
            _ = try session.executeScript("LISTEN " + (try session.escapeIdentifier(channel)))
        }
        try session.setNonblocking()
        logger.debug("postgres listener connected", [PostgresLogKeys.channel: channels.joined(separator: ",")])
        publish(.connected)
        return session
    }

    /// Publishes notifications until the session breaks (throws) or the listener stops (returns).
    private func receive(on session: PQConnection) throws(PostgresError) {
        // LISTEN's reply may have carried notifications in with it.
        for notification in session.drainNotifications() { publish(.notification(notification)) }
        while true {
            let ready = wake.wait(for: session.socketDescriptor, timeout: nil)
            if ready.woken {
                wake.drain()
                if isStopping { return }
            }
            if ready.socket {
                try session.consumeInput()
                for notification in session.drainNotifications() { publish(.notification(notification)) }
            }
        }
    }

    private func publish(_ event: PostgresListener.Event) {
        if case .dropped = continuation.yield(event) { dropped.increment() }
    }
}
