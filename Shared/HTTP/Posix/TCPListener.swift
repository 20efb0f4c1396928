import Glibc
import Synchronization

/// A listening socket (`SO_REUSEADDR`, non-blocking, close-on-exec) whose accepts wait on an `EventLoop`.
package final class TCPListener: Sendable {
    private let fd: Int32
    private let registration: IORegistration
    /// The address actually bound (with the real port when 0 was asked for).
    let localAddress: SocketAddress
    private let closed = Atomic<Bool>(false)

    /// What one accept produced.
    enum AcceptOutcome {
        /// A new connection (not yet registered with any loop).
        case connection(fd: Int32, peer: SocketAddress?)
        /// The listener was closed or the task cancelled.
        case closed
        /// A transient failure (`EMFILE`, `ENOBUFS`, …): the caller should back off briefly.
        case failed(IOError)
    }

    /// Binds and listens on `host:port` (`port` 0 picks a free port).
    init(host: String, port: Int, backlog: Int32, loop: EventLoop) throws(IOError) {
        guard let address = SocketAddress(ip: host, port: port) else {
            throw IOError(call: "inet_pton", errno: EINVAL)
        }
        let fd = try Posix.socket(family: address.family)
        do {
            try Posix.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try Posix.bind(fd, to: address)
            try Posix.listen(fd, backlog: backlog)
            localAddress = try Posix.localAddress(fd)
            registration = try loop.register(fd: fd)
        } catch {
            Posix.close(fd)
            throw error
        }
        self.fd = fd
    }

    deinit { close() }

    /// Waits for the next connection. Connections get `TCP_NODELAY`.
    func accept() async -> AcceptOutcome {
        while true {
            if closed.load(ordering: .relaxed) { return .closed }
            do {
                switch try Posix.accept(fd) {
                case .processed(let (newFD, peer)):
                    try? Posix.setOption(newFD, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
                    return .connection(fd: newFD, peer: peer)
                case .wouldBlock:
                    break
                }
            } catch {
                // ECONNABORTED and EPROTO concern only that one connection; try the next one at once.
                if error.errno == ECONNABORTED || error.errno == EPROTO || error.errno == EPERM { continue }
                return .failed(error)
            }
            switch await registration.wait(.read, deadline: .never, interruptible: true) {
            case .ready: continue
            case .timedOut: continue
            case .interrupted, .cancelled, .closed: return .closed
            }
        }
    }

    /// Wakes a pending `accept()` with `.closed`; the descriptor stays open until `close()`.
    func stopAccepting() { registration.interrupt() }

    /// Stops accepting and closes the socket; later calls do nothing.
    package func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        registration.loop.deregister(registration)
        Posix.close(fd)
    }

    /// Binds and listens on `host:port` with a backlog of 256 (for raw TCP peers in tests and tools).
    package convenience init(host: String = "127.0.0.1", port: Int = 0, group: EventLoopGroup = .shared)
        throws(IOError)
    {
        try self.init(host: host, port: port, backlog: 256, loop: group.next())
    }

    /// The bound port.
    package var port: Int { localAddress.port }

    /// Waits for the next connection and returns it as a stream on `group`'s next loop; `nil` once closed.
    package func acceptStream(group: EventLoopGroup = .shared) async -> TCPStream? {
        while true {
            switch await accept() {
            case .connection(let fd, let peer):
                if let stream = try? TCPStream(fd: fd, peer: peer, loop: group.next()) { return stream }
            case .closed:
                return nil
            case .failed:
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Writes `bytes` best-effort to a just-accepted descriptor and closes it (used to refuse a connection
    /// with a canned response while over capacity).
    static func refuse(fd: Int32, with bytes: [UInt8]) {
        _ = try? Posix.send(fd, bytes, from: 0, [], from: 0)
        Posix.shutdown(fd, writeOnly: true)
        Posix.close(fd)
    }

    /// Registers an accepted descriptor with `loop` as a stream (closing it if that fails).
    /// Its waits do not observe task cancellation: the server cancels its streams itself.
    static func makeStream(fd: Int32, peer: SocketAddress?, loop: EventLoop) throws(IOError) -> TCPStream {
        try TCPStream(fd: fd, peer: peer, loop: loop, observesCancellation: false)
    }
}
