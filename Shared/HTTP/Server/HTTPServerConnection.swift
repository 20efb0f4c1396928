import HordeCore

/// Serves one accepted connection: requests one at a time in arrival order (pipelined requests wait for the
/// previous response), keep-alive, timeouts, and the server's own error responses.
///
/// The connection's task runs the serve loop in a child task and itself watches the handler alarm: when a
/// handler overruns `handlerTimeout`, it answers 503, shuts the socket and cancels the child (and with it the
/// handler). The alarm is an `IORegistration` deadline swept by the event loop, so the common path costs no
/// extra task or timer per request.
struct HTTPServerConnection: Sendable {
    /// The accepted connection.
    let stream: TCPStream
    /// What the server's connections share.
    let context: ServerContext
    /// The peer's IP address, for `HTTPRequest.remoteAddress`.
    let remoteIP: String

    /// Whether the loop keeps serving after a step.
    private enum Next { case keepServing, close }

    /// Serves until the peer leaves, an error or timeout closes the connection, or the server drains.
    func run() async {
        let registration = stream.registration
        await withDiscardingTaskGroup { group in
            group.addTask {
                await serve()
                registration.endAlarm()
            }
            if await registration.wait(.alarm, deadline: .never) == .timedOut {
                context.metrics.record(status: 503)
                let bytes = ResponseSerializer.errorResponse(
                    status: 503, message: "The request took too long to handle", rc: "ServiceUnavailable",
                    close: true)
                _ = try? await stream.write(bytes, stallTimeout: .seconds(1))
                stream.shutdownBoth()
                group.cancelAll()
            }
        }
        stream.close()
    }

    private func serve() async {
        var parser = HTTP1Parser(limits: context.limits)
        var readBuffer = [UInt8](repeating: 0, count: 4096)
        var head: [UInt8] = []
        head.reserveCapacity(512)
        let config = context.config
        var headDeadline = Deadline.after(config.headerReadTimeout)
        var servedAny = false
        var caches = ResponseCaches()

        while true {
            let parsed: HTTP1Parser.ParsedRequest?
            do {
                parsed = try parser.nextRequest()
            } catch {
                await fail(status: error.status, message: error.reason, rc: error.rc)
                return
            }
            if let parsed {
                servedAny = true
                guard await respond(to: parsed, head: &head, caches: &caches) == .keepServing else { return }
                continue
            }
            if parser.takeContinueRequest() {
                guard (try? await stream.write(ResponseSerializer.continueResponse, stallTimeout: config.writeTimeout))
                    == .written
                else { return }
            }

            let idle = parser.isIdle
            let deadline: Deadline
            if idle && servedAny {
                deadline = .after(config.idleTimeout)
            } else if parser.isReadingHead {
                deadline = headDeadline
            } else {
                deadline = .after(config.bodyReadTimeout)
            }
            let outcome: TCPStream.ReadOutcome
            do {
                outcome = try await stream.read(into: &readBuffer, deadline: deadline, interruptible: idle)
            } catch {
                return
            }
            switch outcome {
            case .bytes(let count):
                if idle && servedAny { headDeadline = .after(config.headerReadTimeout) }
                parser.append(readBuffer[0..<count])
                if count == readBuffer.count && readBuffer.count < 64 * 1024 {
                    readBuffer = [UInt8](repeating: 0, count: readBuffer.count * 2)
                }
            case .timedOut:
                if idle && servedAny { return }
                await fail(status: 408, message: "Timed out waiting for the request", rc: "RequestTimeout")
                return
            case .end, .interrupted, .cancelled:
                return
            }
        }
    }

    /// Runs the handler and writes its response.
    private func respond(
        to parsed: HTTP1Parser.ParsedRequest, head: inout [UInt8], caches: inout ResponseCaches
    ) async -> Next {
        var request = parsed.request
        request.remoteAddress = remoteIP
        request.context.requestID = context.requestID(for: request.headers)
        request.context.baseLogger = context.logger
        let isHEAD = request.method == .HEAD
        let wantsKeepAlive = parsed.keepAlive
        let isHTTP10 = request.version == .http1_0

        let started = Deadline.now()
        let registration = stream.registration
        registration.armAlarm(started.adding(context.config.handlerTimeout))
        let response = await context.handler(request)
        guard registration.disarmAlarm() else { return .close }

        let keepAlive =
            wantsKeepAlive && !context.isDraining && !response.headers.containsToken("close", in: "Connection")
        head.removeAll(keepingCapacity: true)
        ResponseSerializer.writeHead(
            response, into: &head, close: !keepAlive, keepAliveHeader: keepAlive && isHTTP10,
            date: caches.date())
        let body = isHEAD || HTTPStatus.forbidsBody(response.status) ? [] : response.body
        let outcome = try? await stream.write(head, body, stallTimeout: context.config.writeTimeout)
        let elapsed = Deadline.now().nanoseconds &- started.nanoseconds
        caches.counter(for: response.status, in: context.metrics).increment()
        context.metrics.duration.observe(Double(elapsed) / 1e9)
        guard outcome == .written else { return .close }
        return keepAlive ? .keepServing : .close
    }

    /// Sends one of the server's own error responses and closes gracefully: half-close, then discard what
    /// the client still sends for a moment so the kernel does not reset the connection before the client has
    /// read the response.
    private func fail(status: Int, message: String, rc: String) async {
        context.metrics.record(status: status)
        let bytes = ResponseSerializer.errorResponse(status: status, message: message, rc: rc, close: true)
        guard (try? await stream.write(bytes, stallTimeout: .seconds(2))) == .written else { return }
        stream.shutdownWrite()
        var sink = [UInt8](repeating: 0, count: 4096)
        let deadline = Deadline.after(.milliseconds(500))
        var discarded = 0
        while discarded < 256 * 1024 {
            guard case .bytes(let count) = try? await stream.read(into: &sink, deadline: deadline) else { return }
            discarded += count
        }
    }
}

/// Per-connection copies of shared values that rarely change, so the common path takes no shared lock: the
/// `Date` bytes (refreshed when the second changes) and the counter of the last status sent.
struct ResponseCaches {
    private var second = -1
    private var dateBytes: [UInt8] = []
    private var lastStatus = -1
    private var lastCounter: Counter?

    /// The current `Date` value.
    mutating func date() -> [UInt8] {
        let now = DateCache.currentSecond()
        if now != second {
            second = now
            dateBytes = DateCache.shared.current()
        }
        return dateBytes
    }

    /// The `horde_http_requests_total` counter for `status`.
    mutating func counter(for status: Int, in metrics: HTTPServerMetrics) -> Counter {
        if status == lastStatus, let lastCounter { return lastCounter }
        let counter = metrics.counter(for: status)
        lastStatus = status
        lastCounter = counter
        return counter
    }
}
