import Glibc
internal import CSystemShims

/// Thin wrappers over the system calls the HTTP module uses, in the style of swift-nio's `System.swift`:
/// `EINTR` is retried, `EAGAIN` becomes `IOResult.wouldBlock`, `EBADF`/`EFAULT` trap (they can only be our
/// bug, never the peer's), everything else throws `IOError`. Each wrapper names the C function it calls.
enum Posix {
    /// Runs `body` (which returns the call's result and the `errno` read right after it), retrying `EINTR`.
    @inline(__always)
    private static func retrying(
        _ name: StaticString, _ body: () -> (result: Int, errno: Int32)
    ) throws(IOError) -> IOResult<Int> {
        while true {
            let (result, error) = body()
            if result >= 0 { return .processed(result) }
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            if error == EBADF || error == EFAULT {
                preconditionFailure("\(name) on an invalid descriptor or buffer (errno \(error))")
            }
            throw IOError(call: "\(name)", errno: error)
        }
    }

    /// Like `retrying` for calls that never legitimately return `EAGAIN`.
    @inline(__always)
    private static func blocking(_ name: StaticString, _ body: () -> (result: Int, errno: Int32)) throws(IOError)
        -> Int
    {
        switch try retrying(name, body) {
        case .processed(let value): return value
        case .wouldBlock: throw IOError(call: "\(name)", errno: EAGAIN)
        }
    }

    /// `signal(SIGPIPE, SIG_IGN)`, once per process: a peer that goes away must surface as `EPIPE`, not kill us.
    static let ignoreSIGPIPE: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// The corresponding C function is `socket`, always with `SOCK_NONBLOCK | SOCK_CLOEXEC`.
    static func socket(family: Int32) throws(IOError) -> Int32 {
        _ = ignoreSIGPIPE
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return Int32(try blocking("socket") { (Int(Glibc.socket(family, type, 0)), errno) })
    }

    /// The corresponding C function is `setsockopt` with an `int` option value.
    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) throws(IOError) {
        var value = value
        _ = try blocking("setsockopt") {
            (Int(setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))), errno)
        }
    }

    /// The corresponding C function is `getsockopt(SOL_SOCKET, SO_ERROR)`: the pending error of a connect.
    static func pendingError(_ fd: Int32) throws(IOError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try blocking("getsockopt") { (Int(getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length)), errno) }
        return value
    }

    /// The corresponding C function is `bind`.
    static func bind(_ fd: Int32, to address: SocketAddress) throws(IOError) {
        _ = try blocking("bind") {
            address.withSockAddr { pointer, length in (Int(Glibc.bind(fd, pointer, length)), errno) }
        }
    }

    /// The corresponding C function is `listen`.
    static func listen(_ fd: Int32, backlog: Int32) throws(IOError) {
        _ = try blocking("listen") { (Int(Glibc.listen(fd, backlog)), errno) }
    }

    /// The corresponding C function is `getsockname`.
    static func localAddress(_ fd: Int32) throws(IOError) -> SocketAddress {
        var result: SocketAddress?
        _ = try blocking("getsockname") {
            var code: Int32 = 0
            var error: Int32 = 0
            result = SocketAddress.reading { pointer, length in
                code = getsockname(fd, pointer, length)
                error = errno
            }
            return (Int(code), error)
        }
        guard let result else { throw IOError(call: "getsockname", errno: EAFNOSUPPORT) }
        return result
    }

    /// The corresponding C function is `accept4` with `SOCK_NONBLOCK | SOCK_CLOEXEC`.
    static func accept(_ fd: Int32) throws(IOError) -> IOResult<(fd: Int32, peer: SocketAddress?)> {
        var peer: SocketAddress?
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let result = try retrying("accept4") {
            var code: Int32 = 0
            var error: Int32 = 0
            peer = SocketAddress.reading { pointer, length in
                code = horde_accept4(fd, pointer, length, flags)
                error = errno
            }
            return (Int(code), error)
        }
        switch result {
        case .processed(let newFD): return .processed((Int32(newFD), peer))
        case .wouldBlock: return .wouldBlock
        }
    }

    /// The corresponding C function is `connect`; `EINPROGRESS` is reported as `.wouldBlock`.
    static func connect(_ fd: Int32, to address: SocketAddress) throws(IOError) -> IOResult<Void> {
        let result = try retrying("connect") {
            address.withSockAddr { pointer, length in
                let code = Glibc.connect(fd, pointer, length)
                let error = errno
                return (Int(code), error == EINPROGRESS ? EAGAIN : error)
            }
        }
        switch result {
        case .processed: return .processed(())
        case .wouldBlock: return .wouldBlock
        }
    }

    /// The corresponding C function is `recv`, reading into `buffer[offset...]`; `0` means end of stream.
    static func receive(_ fd: Int32, into buffer: inout [UInt8], offset: Int) throws(IOError) -> IOResult<Int> {
        precondition(offset >= 0 && offset < buffer.count, "receive needs room in the buffer")
        return try retrying("recv") {
            buffer.withUnsafeMutableBytes { raw in
                (recv(fd, raw.baseAddress! + offset, raw.count - offset, 0), errno)
            }
        }
    }

    /// The corresponding C function is `recv(MSG_PEEK | MSG_DONTWAIT)` of one byte: whether an idle connection
    /// still looks usable (no end of stream, no stray bytes, no error).
    static func isIdleAndOpen(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        let result = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        return result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// The corresponding C function is `sendmsg` with `MSG_NOSIGNAL`, gathering `first[firstOffset...]` and
    /// `second[secondOffset...]` into one call.
    static func send(
        _ fd: Int32, _ first: [UInt8], from firstOffset: Int, _ second: [UInt8], from secondOffset: Int
    ) throws(IOError) -> IOResult<Int> {
        let firstLength = first.count - firstOffset
        let secondLength = second.count - secondOffset
        if firstLength <= 0 && secondLength <= 0 { return .processed(0) }
        return try retrying("sendmsg") {
            first.withUnsafeBytes { a in
                second.withUnsafeBytes { b in
                    let firstVector = iovec(
                        iov_base: UnsafeMutableRawPointer(mutating: a.baseAddress.map { $0 + firstOffset }),
                        iov_len: max(0, firstLength))
                    let secondVector = iovec(
                        iov_base: UnsafeMutableRawPointer(mutating: b.baseAddress.map { $0 + secondOffset }),
                        iov_len: max(0, secondLength))
                    var vectors = firstLength > 0 ? (firstVector, secondVector) : (secondVector, firstVector)
                    let count = (firstLength > 0 ? 1 : 0) + (secondLength > 0 ? 1 : 0)
                    return withUnsafeMutableBytes(of: &vectors) { raw in
                        var message = msghdr()
                        message.msg_iov = raw.baseAddress!.assumingMemoryBound(to: iovec.self)
                        message.msg_iovlen = count
                        return (sendmsg(fd, &message, Int32(MSG_NOSIGNAL)), errno)
                    }
                }
            }
        }
    }

    /// The corresponding C function is `shutdown`; `ENOTCONN` (peer already gone) is not an error.
    static func shutdown(_ fd: Int32, writeOnly: Bool) {
        _ = Glibc.shutdown(fd, writeOnly ? Int32(SHUT_WR) : Int32(SHUT_RDWR))
    }

    /// The corresponding C function is `close`. `EINTR` is ignored: on Linux the descriptor is closed anyway and
    /// retrying could close a descriptor another thread just opened.
    static func close(_ fd: Int32) {
        let result = Glibc.close(fd)
        if result < 0 && errno == EBADF { preconditionFailure("close of an invalid descriptor") }
    }

    // MARK: epoll and eventfd

    /// The corresponding C function is `epoll_create1(EPOLL_CLOEXEC)`.
    static func epollCreate() throws(IOError) -> Int32 {
        Int32(try blocking("epoll_create1") { (Int(epoll_create1(Int32(EPOLL_CLOEXEC))), errno) })
    }

    /// The corresponding C function is `epoll_ctl`; `data` is the registration's fd-plus-generation key.
    static func epollControl(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32, data: UInt64) throws(IOError)
    {
        var event = epoll_event()
        event.events = events
        horde_epoll_set_u64(&event, data)
        _ = try blocking("epoll_ctl") { (Int(epoll_ctl(epfd, op, fd, &event)), errno) }
    }

    /// The corresponding C function is `eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)`.
    static func eventFD() throws(IOError) -> Int32 {
        Int32(try blocking("eventfd") { (Int(eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))), errno) })
    }

    /// The corresponding C function is `write` of one `UInt64` to an eventfd. A full counter (`EAGAIN`) already
    /// guarantees a wakeup, so it is not an error.
    static func signalEventFD(_ fd: Int32) {
        var one: UInt64 = 1
        while Glibc.write(fd, &one, 8) < 0 && errno == EINTR {}
    }

    /// The corresponding C function is `read` of an eventfd's counter, resetting it.
    static func drainEventFD(_ fd: Int32) {
        var value: UInt64 = 0
        while Glibc.read(fd, &value, 8) < 0 && errno == EINTR {}
    }
}

/// The `epoll` constants the reactor needs, as Swift values.
enum EpollFlags {
    /// `EPOLLIN`.
    static let input = UInt32(EPOLLIN.rawValue)
    /// `EPOLLOUT`.
    static let output = UInt32(EPOLLOUT.rawValue)
    /// `EPOLLRDHUP`: the peer shut down writing.
    static let readHangup = UInt32(EPOLLRDHUP.rawValue)
    /// `EPOLLHUP`.
    static let hangup = UInt32(EPOLLHUP.rawValue)
    /// `EPOLLERR`.
    static let error = UInt32(EPOLLERR.rawValue)
    /// `EPOLLET`.
    static let edgeTriggered = UInt32(EPOLLET.rawValue)
    /// `EPOLL_CTL_ADD`.
    static let add = Int32(EPOLL_CTL_ADD)
    /// `EPOLL_CTL_DEL`.
    static let delete = Int32(EPOLL_CTL_DEL)
}
