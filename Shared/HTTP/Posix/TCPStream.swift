import Glibc
import Synchronization

/// A connected, non-blocking TCP socket whose waits go through an `EventLoop`. Owned by one task at a time:
/// only the owner reads, writes and closes it (the server's handler watchdog writes only while the owner is
/// inside the handler and cannot write).
package final class TCPStream: Sendable {
    /// What a read produced.
    package enum ReadOutcome: Sendable, Equatable {
        /// That many bytes were stored at the requested offset.
        case bytes(Int)
        /// The peer closed its side.
        case end
        /// The deadline passed before any byte arrived.
        case timedOut
        /// `interrupt()` was called while the read was idle.
        case interrupted
        /// The reading task was cancelled, or the stream was closed.
        case cancelled
    }

    /// What a write produced.
    package enum WriteOutcome: Sendable, Equatable {
        /// Every byte was handed to the kernel.
        case written
        /// No progress within the stall timeout.
        case timedOut
        /// The writing task was cancelled, or the stream was closed.
        case cancelled
    }

    private let fd: Int32
    /// The stream's registration with its event loop.
    let registration: IORegistration
    /// The peer's address, when known.
    package let peer: SocketAddress?
    private let closed = Atomic<Bool>(false)
    /// Whether the last receive left the socket empty (it returned less than asked). The next read can then
    /// wait for readiness right away: with edge-triggered epoll any byte arriving later raises a new edge, so
    /// the `recv` that would only return `EAGAIN` is skipped. Touched only by the owning task.
    private let drained = Atomic<Bool>(false)
    /// Whether waits install a task cancellation handler; servers turn it off and call `cancel()` instead.
    private let observesCancellation: Bool

    /// Wraps an already connected descriptor and registers it with `loop`; closes `fd` if registering fails.
    init(fd: Int32, peer: SocketAddress?, loop: EventLoop, observesCancellation: Bool = true) throws(IOError) {
        do {
            registration = try loop.register(fd: fd)
        } catch {
            Posix.close(fd)
            throw error
        }
        self.fd = fd
        self.peer = peer
        self.observesCancellation = observesCancellation
    }

    deinit { close() }

    /// The loop this stream's waits run on.
    package var loop: EventLoop { registration.loop }

    /// Connects to `address` (non-blocking connect, then a wait for writability) with `TCP_NODELAY` set.
    package static func connect(to address: SocketAddress, loop: EventLoop, deadline: Deadline) async throws -> TCPStream
    {
        let fd = try Posix.socket(family: address.family)
        try? Posix.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        // Connect before registering: an unconnected socket reports EPOLLHUP, which would look like a failure.
        // Registering afterwards loses nothing, since epoll reports a descriptor that is already ready.
        let pending: Bool
        do {
            switch try Posix.connect(fd, to: address) {
            case .processed: pending = false
            case .wouldBlock: pending = true
            }
        } catch {
            Posix.close(fd)
            throw error
        }
        let stream = try TCPStream(fd: fd, peer: address, loop: loop)
        if !pending { return stream }
        while true {
            switch await stream.registration.wait(.write, deadline: deadline) {
            case .ready:
                let error = try Posix.pendingError(fd)
                if error == 0 { return stream }
                if error == EINPROGRESS || error == EALREADY { continue }
                stream.close()
                throw IOError(call: "connect", errno: error)
            case .timedOut:
                stream.close()
                throw IOError(call: "connect", errno: ETIMEDOUT)
            case .cancelled, .interrupted, .closed:
                stream.close()
                throw CancellationError()
            }
        }
    }

    /// Resolves `host` and connects to its first address that accepts, all within `timeout`.
    package static func connect(
        host: String, port: Int, timeout: Duration, group: EventLoopGroup = .shared
    ) async throws -> TCPStream {
        let deadline = Deadline.after(timeout)
        let addresses = try await Resolver.resolve(host: host, port: port)
        var lastError: any Error = IOError(call: "getaddrinfo", errno: EHOSTUNREACH)
        for address in addresses {
            do {
                return try await connect(to: address, loop: group.next(), deadline: deadline)
            } catch let error as CancellationError {
                throw error
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// Reads into `buffer[offset...]` (which must have room), waiting until `deadline` for bytes.
    /// `interruptible` reads end early with `.interrupted` once `interrupt()` is called.
    package func read(
        into buffer: inout [UInt8], offset: Int = 0, deadline: Deadline, interruptible: Bool = false
    ) async throws(IOError) -> ReadOutcome {
        if drained.load(ordering: .relaxed) {
            drained.store(false, ordering: .relaxed)
            if let early = await waitReadable(deadline: deadline, interruptible: interruptible) { return early }
        }
        while true {
            if closed.load(ordering: .relaxed) { return .cancelled }
            switch try Posix.receive(fd, into: &buffer, offset: offset) {
            case .processed(0):
                return .end
            case .processed(let count):
                if count < buffer.count - offset { drained.store(true, ordering: .relaxed) }
                return .bytes(count)
            case .wouldBlock:
                break
            }
            if let early = await waitReadable(deadline: deadline, interruptible: interruptible) { return early }
        }
    }

    /// Waits for input; `nil` means ready (go and read), anything else ends the read.
    private func waitReadable(deadline: Deadline, interruptible: Bool) async -> ReadOutcome? {
        switch await registration.wait(
            .read, deadline: deadline, interruptible: interruptible, observeCancellation: observesCancellation)
        {
        case .ready: nil
        case .timedOut: .timedOut
        case .interrupted: .interrupted
        case .cancelled, .closed: .cancelled
        }
    }

    /// Writes `first` then `second` completely (one `sendmsg` when the kernel takes everything), failing with
    /// `.timedOut` if no byte can be written for `stallTimeout`.
    package func write(_ first: [UInt8], _ second: [UInt8] = [], stallTimeout: Duration) async throws(IOError)
        -> WriteOutcome
    {
        var firstOffset = 0
        var secondOffset = 0
        var deadline = Deadline.never
        while firstOffset < first.count || secondOffset < second.count {
            if closed.load(ordering: .relaxed) { return .cancelled }
            switch try Posix.send(fd, first, from: firstOffset, second, from: secondOffset) {
            case .processed(let count):
                let fromFirst = min(count, first.count - firstOffset)
                firstOffset += fromFirst
                secondOffset += count - fromFirst
                deadline = .never
            case .wouldBlock:
                if deadline == .never { deadline = .after(stallTimeout) }
                switch await registration.wait(
                    .write, deadline: deadline, observeCancellation: observesCancellation)
                {
                case .ready: continue
                case .timedOut: return .timedOut
                case .cancelled, .closed, .interrupted: return .cancelled
                }
            }
        }
        return .written
    }

    /// Whether an idle stream still looks open (no end of stream, no unexpected bytes, no error pending).
    package var isIdleAndOpen: Bool {
        !closed.load(ordering: .relaxed) && Posix.isIdleAndOpen(fd)
    }

    /// Half-closes: the peer sees end of stream, reads still work.
    package func shutdownWrite() {
        if !closed.load(ordering: .relaxed) { Posix.shutdown(fd, writeOnly: true) }
    }

    /// Shuts both directions down without releasing the descriptor (safe while another task still holds it).
    package func shutdownBoth() {
        if !closed.load(ordering: .relaxed) { Posix.shutdown(fd, writeOnly: false) }
    }

    /// Ends every wait of this stream (now and later) with a cancelled outcome; for owners that do not let
    /// waits observe task cancellation themselves.
    package func cancel() { registration.cancel() }

    /// Makes interruptible reads (the one in progress and later ones) return `.interrupted`.
    package func interrupt() { registration.interrupt() }

    /// Deregisters from the loop and closes the descriptor; later calls do nothing.
    package func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        registration.loop.deregister(registration)
        Posix.close(fd)
    }
}
