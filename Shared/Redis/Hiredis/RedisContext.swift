internal import CHiredis
import Glibc

/// Owns one blocking hiredis connection (`redisContext`) and frees it in `deinit`.
///
/// Every method blocks on the socket, so a context is only ever used from its connection's serial queue,
/// never from the cooperative thread pool. Replies are copied into `RESPValue`s and freed before returning;
/// after any failure the context is broken and the owner must discard it.
final class RedisContext {
    private let context: UnsafeMutablePointer<redisContext>
    /// The read/write timeout last set on the socket, so it is only changed when a call needs a different one.
    private var socketTimeout: Duration?

    private init(_ context: UnsafeMutablePointer<redisContext>) {
        self.context = context
    }

    deinit { redisFree(context) }

    /// Connects over TCP with `redisConnectWithTimeout`, turns on keep-alive (`redisEnableKeepAlive`) and sets
    /// the socket timeout (`redisSetTimeout`). Throws `unavailable` when the connect fails.
    static func connect(host: String, port: Int, timeout: Duration) throws(RedisError) -> RedisContext {
        _ = ignoreBrokenPipe
        guard let raw = redisConnectWithTimeout(host, Int32(port), timeval(timeout)) else {
            throw RedisError(.unavailable, "could not allocate a connection")
        }
        if raw.pointee.err != 0 {
            let message = errorText(raw)
            redisFree(raw)
            throw RedisError(.unavailable, "connect to \(host):\(port) failed: \(message)")
        }
        let context = RedisContext(raw)
        // Keep-alive is a nicety: a connection without it still works, and a dead peer is caught by timeouts.
        _ = redisEnableKeepAlive(raw)
        try context.setTimeout(timeout)
        return context
    }

    /// Sets the socket read and write timeout (`redisSetTimeout`) unless it is already within a few ms of it.
    func setTimeout(_ timeout: Duration) throws(RedisError) {
        let wanted = max(timeout, .milliseconds(1))
        // Each call asks for its remaining budget, which differs from the last by microseconds of queueing:
        // only a longer budget, or one more than 5 ms shorter, is worth a setsockopt.
        if let current = socketTimeout, wanted <= current, wanted >= current - .milliseconds(5) { return }
        if redisSetTimeout(context, timeval(wanted)) != REDIS_OK { throw failure() }
        socketTimeout = wanted
    }

    /// Whether an idle connection can take another command: no error recorded and nothing readable on the socket.
    /// A readable idle socket means the server closed it (`CLIENT KILL`, idle timeout, restart) or sent something
    /// unsolicited; either way the next command would fail, so the owner reconnects first.
    var isReusable: Bool {
        guard context.pointee.err == 0, context.pointee.fd >= 0 else { return false }
        var entry = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 0
    }

    /// Sends one command (`redisAppendCommandArgv`) and waits for its reply (`redisGetReply`).
    func command(_ arguments: [[UInt8]]) throws(RedisError) -> RESPValue {
        try append(arguments)
        return try readReply()
    }

    /// Sends every command in one write, then reads the replies in order: one round trip for the batch.
    func pipeline(_ commands: [[[UInt8]]]) throws(RedisError) -> [RESPValue] {
        for arguments in commands { try append(arguments) }
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands { replies.append(try readReply()) }
        return replies
    }

    /// Queues a command in the output buffer with `redisAppendCommandArgv` (binary-safe: lengths are explicit).
    private func append(_ arguments: [[UInt8]]) throws(RedisError) {
        guard !arguments.isEmpty else { throw RedisError(.protocolError, "a command needs at least one argument") }
        let status = HiredisArguments.withArgv(arguments) { argc, argv, lengths in
            redisAppendCommandArgv(context, argc, argv, lengths)
        }
        if status != REDIS_OK { throw failure() }
    }

    /// Flushes pending commands and reads one reply with `redisGetReply`, copying it before `freeReplyObject`.
    private func readReply() throws(RedisError) -> RESPValue {
        var raw: UnsafeMutableRawPointer? = nil
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw failure() }
        defer { freeReplyObject(raw) }
        return try RESPValue(copying: raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Classifies the error hiredis recorded. `errno` is read first, before anything can overwrite it.
    private func failure() -> RedisError {
        let code = errno
        let kind = context.pointee.err
        let message = Self.errorText(context)
        // hiredis 0.14 reports an expired SO_RCVTIMEO as an I/O error with EAGAIN; 1.x has its own code (6).
        let timedOut =
            kind == Self.hiredis1TimeoutError || (kind == REDIS_ERR_IO && (code == EAGAIN || code == EWOULDBLOCK))
        if timedOut { return RedisError(.timeout, message) }
        if kind == REDIS_ERR_PROTOCOL { return RedisError(.protocolError, message) }
        if kind == 0 { return RedisError(.connectionLost, "no reply") }
        return RedisError(.connectionLost, message)
    }

    /// `REDIS_ERR_TIMEOUT` as hiredis 1.x defines it; 0.14 has no such constant.
    private static let hiredis1TimeoutError: Int32 = 6

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: &context.pointee.errstr) { bytes in
            let text = bytes.prefix(while: { $0 != 0 })
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// hiredis writes with plain `write`/`send`: a peer that closed the socket would raise SIGPIPE and kill the
    /// process, so the signal is ignored once, process-wide, before the first connect.
    private static let ignoreBrokenPipe: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}

extension timeval {
    /// A `timeval` for a non-negative duration, at microsecond precision.
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = max(duration, .zero).components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
