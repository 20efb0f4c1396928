import Glibc
import HordeCore
import Synchronization

/// An HTTP/1.1 server over the project's epoll event loops.
///
/// `run()` accepts connections and serves each in its own child task of a discarding task group, pinned to
/// one event loop (the loop that sees the socket's readiness also runs the handler, so a request costs no
/// thread hop). `shutdown()` drains gracefully: the listener closes, idle keep-alive connections close,
/// in-flight requests finish and their responses carry `Connection: close`; after `shutdownGracePeriod` the
/// rest are cancelled.
package final class HTTPServer: Sendable {
    private let context: ServerContext
    private let state = Mutex(State())
    private let openConnections = Atomic<Int>(0)

    private enum Phase {
        case created
        case listening(TCPListener)
        case running(TCPListener)
        case stopping
        case stopped
    }

    private struct State {
        var phase = Phase.created
        var connections: [UInt64: TCPStream] = [:]
        var nextConnectionID: UInt64 = 0
        var draining = false
        var drainedWaiter: CheckedContinuation<Void, Never>?
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Errors from the server's own life cycle.
    package struct LifecycleError: Error, CustomStringConvertible {
        /// What went wrong.
        package let description: String
    }

    /// A server that answers every request with `handler`; nothing is bound until `start()` or `run()`.
    package init(config: HTTPServerConfig, logger: Logger, handler: @escaping HTTPHandler) {
        context = ServerContext(config: config, logger: logger, handler: handler)
    }

    /// Binds and listens; returns the bound port (the real one when the config says 0). Calling it again
    /// returns the same port.
    @discardableResult
    package func start() async throws -> Int {
        try listen().localAddress.port
    }

    private func listen() throws -> TCPListener {
        try state.withLock { state throws -> TCPListener in
            switch state.phase {
            case .created:
                let config = context.config
                let listener = try TCPListener(
                    host: config.host, port: config.port, backlog: Int32(clamping: config.backlog),
                    loop: config.eventLoops.loops[0])
                state.phase = .listening(listener)
                context.logger.info(
                    "HTTP server listening", ["http.address": listener.localAddress.description])
                return listener
            case .listening(let listener), .running(let listener):
                return listener
            case .stopping, .stopped:
                throw LifecycleError(description: "the server has been shut down")
            }
        }
    }

    /// The bound port, once started.
    package var port: Int? {
        state.withLock { state in
            switch state.phase {
            case .listening(let listener), .running(let listener): listener.localAddress.port
            default: nil
            }
        }
    }

    /// Serves until `shutdown()` or cancellation; starts the server first if needed.
    package func run() async throws {
        let listener = try listen()
        try state.withLock { state throws in
            guard case .listening = state.phase else { throw LifecycleError(description: "run() called twice") }
            state.phase = .running(listener)
        }
        let groupLoops = context.config.eventLoops
        // Connection streams do not watch task cancellation per wait (cheaper); cancelling `run()` ends them here.
        await withTaskCancellationHandler {
            await serve(listener: listener, loops: groupLoops)
        } onCancel: {
            cancelAllConnections()
        }
        let waiters = state.withLock { state in
            state.phase = .stopped
            return state.stopWaiters.take()
        }
        for waiter in waiters { waiter.resume() }
        context.logger.info("HTTP server stopped")
    }

    private func serve(listener: TCPListener, loops groupLoops: EventLoopGroup) async {
        await withDiscardingTaskGroup { group in
            acceptLoop: while true {
                switch await listener.accept() {
                case .connection(let fd, let peer):
                    guard let (id, stream) = admit(fd: fd, peer: peer, loop: groupLoops.next()) else { continue }
                    let connection = HTTPServerConnection(stream: stream, context: context, remoteIP: peer?.ip ?? "")
                    group.addTask(executorPreference: stream.loop) {
                        await connection.run()
                        self.connectionClosed(id)
                    }
                case .closed:
                    break acceptLoop
                case .failed(let error):
                    context.logger.info("accept failed; backing off", ["error": error.description])
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
            listener.close()
            if !Task.isCancelled && !drained() {
                await waitForDrain(timeout: context.config.shutdownGracePeriod)
                if !drained() {
                    context.logger.info("shutdown grace period over; cancelling open connections")
                    group.cancelAll()
                    cancelAllConnections()
                }
            }
        }
    }

    private func cancelAllConnections() {
        let streams = state.withLock { Array($0.connections.values) }
        for stream in streams { stream.cancel() }
    }

    /// Stops accepting, lets in-flight requests finish (bounded by `shutdownGracePeriod`) and returns once
    /// `run()` has finished. Safe to call more than once and before `run()`.
    package func shutdown() async {
        enum Action { case none, closeListener(TCPListener), drain(TCPListener, [TCPStream]), wait }
        let action = state.withLock { state -> Action in
            switch state.phase {
            case .created:
                state.phase = .stopped
                return .none
            case .listening(let listener):
                state.phase = .stopped
                return .closeListener(listener)
            case .running(let listener):
                state.phase = .stopping
                state.draining = true
                return .drain(listener, Array(state.connections.values))
            case .stopping:
                return .wait
            case .stopped:
                return .none
            }
        }
        switch action {
        case .none:
            return
        case .closeListener(let listener):
            listener.close()
            return
        case .drain(let listener, let connections):
            context.beginDraining()
            listener.stopAccepting()
            for connection in connections { connection.interrupt() }
        case .wait:
            break
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = state.withLock { state -> Bool in
                if case .stopped = state.phase { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if stopped { continuation.resume() }
        }
    }

    /// Registers an accepted connection, or refuses it with 503 at the connection limit.
    private func admit(fd: Int32, peer: SocketAddress?, loop: EventLoop) -> (UInt64, TCPStream)? {
        if openConnections.load(ordering: .relaxed) >= context.config.maxConnections {
            context.metrics.rejectedConnections.increment()
            context.metrics.record(status: 503)
            TCPListener.refuse(fd: fd, with: HTTPServer.overloadResponse())
            return nil
        }
        guard let stream = try? TCPListener.makeStream(fd: fd, peer: peer, loop: loop) else { return nil }
        openConnections.wrappingAdd(1, ordering: .relaxed)
        context.metrics.openConnections.increment()
        let (id, draining) = state.withLock { state in
            state.nextConnectionID += 1
            state.connections[state.nextConnectionID] = stream
            return (state.nextConnectionID, state.draining)
        }
        if draining { stream.interrupt() }
        if Task.isCancelled { stream.cancel() }
        return (id, stream)
    }

    private func connectionClosed(_ id: UInt64) {
        openConnections.wrappingSubtract(1, ordering: .relaxed)
        context.metrics.openConnections.decrement()
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.connections[id] = nil
            return state.connections.isEmpty ? state.drainedWaiter.take() : nil
        }
        waiter?.resume()
    }

    private func drained() -> Bool { state.withLock { $0.connections.isEmpty } }

    /// Waits until every connection has closed or `timeout` passes.
    private func waitForDrain(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilDrained() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitUntilDrained() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { state -> Bool in
                    if state.connections.isEmpty || Task.isCancelled { return true }
                    state.drainedWaiter = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.drainedWaiter.take() }?.resume()
        }
    }

    private static func overloadResponse() -> [UInt8] {
        ResponseSerializer.errorResponse(
            status: 503, message: "The server is at its connection limit", rc: "ServiceUnavailable", close: true)
    }
}

extension Array {
    /// Returns the elements and leaves the array empty.
    fileprivate mutating func take() -> [Element] {
        let elements = self
        self = []
        return elements
    }
}
