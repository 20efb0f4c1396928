import Foundation
import Glibc
import Synchronization

/// A TCP forwarder in front of Redis that a test can stop (closing every connection, refusing new ones) and
/// start again on the same port, to play an outage and a recovery. Blocking sockets on plain threads: it is
/// test scaffolding, not part of the service.
final class TCPProxy: Sendable {
    private struct State {
        var listener: Int32 = -1
        var open: Set<Int32> = []
        var frozen = false
    }
    private let state = Mutex(State())
    private let upstreamHost: String
    private let upstreamPort: UInt16
    /// The port clients connect to; fixed by the first `start()`.
    let port: UInt16

    init(upstreamHost: String, upstreamPort: UInt16) throws {
        self.upstreamHost = upstreamHost
        self.upstreamPort = upstreamPort
        let probe = try Self.listen(port: 0)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) }
        }
        close(probe)
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Starts accepting on `port`.
    func start() throws {
        let listener = try Self.listen(port: port)
        state.withLock { $0.listener = listener }
        Thread.detachNewThread { [self] in acceptLoop(listener) }
    }

    /// Keeps connections open but forwards nothing, as a Redis stuck in a long command or a dead network path.
    func freeze() { state.withLock { $0.frozen = true } }

    /// Forwards again, including whatever arrived while frozen.
    func thaw() { state.withLock { $0.frozen = false } }

    /// Stops accepting and drops every open connection, as a crashed Redis would.
    func stop() {
        let (listener, open) = state.withLock { state -> (Int32, Set<Int32>) in
            defer { state = State(frozen: state.frozen) }
            return (state.listener, state.open)
        }
        if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            guard let upstream = Self.connect(host: upstreamHost, port: upstreamPort) else {
                close(client)
                continue
            }
            let accepted = state.withLock { state -> Bool in
                guard state.listener == listener else { return false }
                state.open.formUnion([client, upstream])
                return true
            }
            guard accepted else {
                close(client)
                close(upstream)
                return
            }
            let pair = Pair(client, upstream)
            Thread.detachNewThread { [self] in pump(from: client, to: upstream, pair) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client, pair) }
        }
    }

    /// Both directions of one proxied connection; the fds are closed when the second pump ends, so neither
    /// pump can touch an fd number the system has already reused.
    private final class Pair: Sendable {
        let fds: (Int32, Int32)
        let finished = Atomic<Int>(0)
        init(_ first: Int32, _ second: Int32) { fds = (first, second) }
    }

    private func pump(from source: Int32, to destination: Int32, _ pair: Pair) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        loop: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            while state.withLock({ $0.frozen }) { usleep(2000) }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes {
                    send(destination, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 { break loop }
                offset += written
            }
        }
        // Either side ending ends both directions.
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
        guard pair.finished.add(1, ordering: .acquiringAndReleasing).oldValue == 1 else { return }
        state.withLock { state in
            state.open.remove(pair.fds.0)
            state.open.remove(pair.fds.1)
        }
        close(pair.fds.0)
        close(pair.fds.1)
    }

    private static func listen(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return fd
    }

    private static func connect(host: String, port: UInt16) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}
