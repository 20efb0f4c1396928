import Foundation
import HTTP
import HordeCore
import Synchronization
import Testing

@Suite struct HTTPServerTests {
    /// Answers with method, path and body size, plus the remote address and request id as headers.
    static let echo: HTTPHandler = { request in
        var response = HTTPResponse.text(200, "\(request.method.rawValue) \(request.path) \(request.body.count)")
        response.headers.add("X-Remote", request.remoteAddress)
        response.headers.add("X-Request-ID", request.context.requestID)
        return response
    }

    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        try await withServer(handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            for index in 1...5 {
                try await client.send("GET /n/\(index) HTTP/1.1\nHost: h\n\n".crlf)
                let response = try #require(try await client.response())
                #expect(response.status == 200)
                #expect(response.text == "GET /n/\(index) 0")
                #expect(response.headers["Content-Length"] == "\(response.body.count)")
                #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)
                #expect(response.headers["Connection"] == nil)
                #expect(response.headers["X-Remote"] == "127.0.0.1")
                #expect(response.headers["X-Request-ID"]?.isEmpty == false)
            }
        }
    }

    @Test func clientRequestIDIsKept() async throws {
        try await withServer(handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("GET / HTTP/1.1\nHost: h\nX-Request-ID: trace-42\n\n".crlf)
            #expect(try await client.response()?.headers["X-Request-ID"] == "trace-42")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderOneAtATime() async throws {
        let active = Atomic<Int>(0)
        let maxActive = Atomic<Int>(0)
        let handler: HTTPHandler = { request in
            let now = active.wrappingAdd(1, ordering: .relaxed).newValue
            maxActive.max(now, ordering: .relaxed)
            // Earlier requests take longer, so answering in parallel would reorder the responses.
            let index = Int(request.path.dropFirst()) ?? 0
            try? await Task.sleep(for: .milliseconds(60 - index * 10))
            active.wrappingSubtract(1, ordering: .relaxed)
            return .text(200, request.path)
        }
        try await withServer(handler: handler) { port, _ in
            let client = try await RawClient(port: port)
            let batch = (1...5).map { "GET /\($0) HTTP/1.1\nHost: h\n\n" }.joined()
            try await client.send(batch.crlf)
            let (responses, _) = try await client.responses(5)
            #expect(responses.map(\.text) == ["/1", "/2", "/3", "/4", "/5"])
            let peak = maxActive.load(ordering: .relaxed)
            #expect(peak == 1)
        }
    }

    @Test func chunkedUploadInPieces() async throws {
        try await withServer(handler: { request in .text(200, String(decoding: request.body, as: UTF8.self)) }) {
            port, _ in
            let client = try await RawClient(port: port)
            try await client.send("POST /up HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n".crlf)
            for piece in ["5\nhello\n", "1;ext=1\n \n", "5\nworld\n", "0\nX-T: 1\n\n"] {
                try await Task.sleep(for: .milliseconds(20))
                try await client.send(piece.crlf)
            }
            let response = try #require(try await client.response())
            #expect(response.text == "hello world")
        }
    }

    @Test func largeBodiesBothWays() async throws {
        let pattern = (0..<65_521).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var payload: [UInt8] = []
        for _ in 0..<46 { payload += pattern }
        try await withServer(handler: { request in HTTPResponse(status: 200, body: request.body + request.body) }) {
            port, _ in
            let client = try await RawClient(port: port)
            try await client.send("PUT /big HTTP/1.1\nHost: h\nContent-Length: \(payload.count)\n\n".crlf + payload)
            let response = try #require(try await client.response(timeout: .seconds(20)))
            #expect(response.body.count == payload.count * 2)
            #expect(response.body == payload + payload)
        }
    }

    @Test func bodyOverTheLimitIs413WithJSONAndClose() async throws {
        try await withServer({ $0.maxBodyBytes = 1000 }, handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("POST /x HTTP/1.1\nHost: h\nContent-Length: 5000\n\n".crlf + Array(repeating: 65, count: 100))
            let (responses, closed) = try await client.responses(2)
            #expect(responses.first?.status == 413)
            #expect(errorBody(responses.first)?.rc == "PayloadTooLarge")
            #expect(responses.first?.headers["Connection"] == "close")
            #expect(responses.count == 1 && closed)

            let chunked = try await RawClient(port: port)
            try await chunked.send("POST /x HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3E8\n".crlf)
            try await chunked.send(Array(repeating: 66, count: 1000) + "\n1\nx\n".crlf)
            let over = try await chunked.response()
            #expect(over?.status == 413)
        }
    }

    @Test func tooManyHeadersIs431() async throws {
        try await withServer(handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            let fields = (1...150).map { "X-\($0): v\n" }.joined()
            try await client.send("GET / HTTP/1.1\nHost: h\n\(fields)\n".crlf)
            let response = try await client.response()
            #expect(response?.status == 431)
            #expect(errorBody(response) == ErrorBody(message: "Too many header fields", rc: "HeadersTooLarge"))
            #expect(await client.closedByServer(within: .seconds(5)))
        }
    }

    @Test func badFramingIs400ThenClose() async throws {
        try await withServer(handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send(
                "POST / HTTP/1.1\nHost: h\nContent-Length: 4\nTransfer-Encoding: chunked\n\n0\n\nGET / HTTP/1.1\nHost: h\n\n"
                    .crlf)
            let (responses, closed) = try await client.responses(2)
            #expect(responses.count == 1)
            #expect(responses.first?.status == 400)
            #expect(errorBody(responses.first)?.rc == "BadRequest")
            #expect(closed)
        }
    }

    @Test func unsupportedVersionIs505() async throws {
        try await withServer(handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("GET / HTTP/2.0\nHost: h\n\n".crlf)
            let response = try await client.response()
            #expect(response?.status == 505)
            #expect(errorBody(response)?.rc == "HTTPVersionNotSupported")
        }
    }

    @Test func slowlorisGets408AfterTheHeaderTimeout() async throws {
        try await withServer({ $0.headerReadTimeout = .milliseconds(400) }, handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            let started = ContinuousClock.now
            // Ten seconds of trickling: a timeout that restarted with every byte would never fire in time.
            let trickle = Task {
                for byte in "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: \(String(repeating: "z", count: 170))".utf8 {
                    guard (try? await client.stream.write([byte], stallTimeout: .seconds(1))) == .written else { return }
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
            let response = try await client.response(timeout: .seconds(9))
            let elapsed = ContinuousClock.now - started
            trickle.cancel()
            #expect(response?.status == 408)
            #expect(errorBody(response)?.rc == "RequestTimeout")
            #expect(elapsed >= .milliseconds(350) && elapsed < .seconds(6), "\(elapsed)")
        }
    }

    @Test func silentNewConnectionGets408() async throws {
        try await withServer({ $0.headerReadTimeout = .milliseconds(300) }, handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            let response = try await client.response(timeout: .seconds(10))
            #expect(response?.status == 408)
        }
    }

    @Test func idleKeepAliveConnectionsCloseQuietly() async throws {
        try await withServer({ $0.idleTimeout = .milliseconds(600) }, handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            // The idle clock starts once the response is written, which is after the request was sent.
            let started = ContinuousClock.now
            try await client.send("GET / HTTP/1.1\nHost: h\n\n".crlf)
            #expect(try await client.response()?.status == 200)
            let (more, closed) = try await client.responses(1, timeout: .seconds(10))
            #expect(more.isEmpty)
            #expect(closed)
            #expect(ContinuousClock.now - started >= .milliseconds(600))
        }
    }

    @Test func headResponsesHaveLengthButNoBody() async throws {
        try await withServer(handler: { _ in .text(200, "twelve bytes") }) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("HEAD / HTTP/1.1\nHost: h\n\nGET / HTTP/1.1\nHost: h\n\n".crlf)
            let (responses, _) = try await client.responses(2, headRequests: [0])
            #expect(responses.count == 2)
            #expect(responses.first?.headers["Content-Length"] == "12")
            #expect(responses.first?.body.isEmpty == true)
            #expect(responses.last?.text == "twelve bytes")
        }
    }

    @Test func noContentHasNoLengthOrBody() async throws {
        try await withServer(handler: { _ in HTTPResponse(status: 204, body: Array("ignored".utf8)) }) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("DELETE /x HTTP/1.1\nHost: h\n\nGET /x HTTP/1.1\nHost: h\n\n".crlf)
            let (responses, _) = try await client.responses(2)
            #expect(responses.map(\.status) == [204, 204])
            #expect(responses.first?.headers["Content-Length"] == nil)
        }
    }

    @Test func expectContinueGetsAnInterimResponse() async throws {
        try await withServer(handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("PUT /c HTTP/1.1\nHost: h\nExpect: 100-continue\nContent-Length: 4\n\n".crlf)
            var buffer = [UInt8](repeating: 0, count: 1024)
            guard case .bytes(let count) = try await client.stream.read(into: &buffer, deadline: .after(.seconds(10)))
            else { Issue.record("no interim response"); return }
            #expect(String(decoding: buffer[0..<count], as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
            try await client.send("data")
            #expect(try await client.response()?.text == "PUT /c 4")
        }
    }

    @Test func http10ClosesUnlessKeepAliveWasAsked() async throws {
        try await withServer(handler: Self.echo) { port, _ in
            let plain = try await RawClient(port: port)
            try await plain.send("GET /a HTTP/1.0\n\n".crlf)
            let (first, closed) = try await plain.responses(2)
            #expect(first.count == 1 && closed)
            #expect(first.first?.headers["Connection"] == "close")

            let keep = try await RawClient(port: port)
            try await keep.send("GET /a HTTP/1.0\nConnection: keep-alive\n\n".crlf)
            #expect(try await keep.response()?.headers["Connection"] == "keep-alive")
            try await keep.send("GET /b HTTP/1.0\nConnection: keep-alive\n\n".crlf)
            #expect(try await keep.response()?.text == "GET /b 0")
        }
    }

    @Test func connectionCloseFromTheClientIsHonoured() async throws {
        try await withServer(handler: Self.echo) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("GET / HTTP/1.1\nHost: h\nConnection: close\n\n".crlf)
            let (responses, closed) = try await client.responses(2)
            #expect(responses.count == 1 && closed)
            #expect(responses.first?.headers["Connection"] == "close")
        }
    }

    @Test func handlerHeadersCannotInjectLines() async throws {
        let handler: HTTPHandler = { _ in
            var response = HTTPResponse.text(200, "ok")
            response.headers.add("X-Evil", "a\r\nSet-Cookie: stolen=1")
            response.headers.add("Bad Name", "x")
            response.headers.add("Content-Length", "999")
            response.headers.add("X-Fine", "yes")
            return response
        }
        try await withServer(handler: handler) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("GET / HTTP/1.1\nHost: h\n\n".crlf)
            let response = try #require(try await client.response())
            #expect(response.headers["Set-Cookie"] == nil)
            #expect(response.headers["X-Evil"] == nil)
            #expect(response.headers["Content-Length"] == "2")
            #expect(response.headers["X-Fine"] == "yes")
        }
    }

    @Test func slowHandlersGet503AndAreCancelled() async throws {
        let cancelled = Atomic<Bool>(false)
        let handler: HTTPHandler = { _ in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelled.store(true, ordering: .relaxed)
            }
            return .text(200, "late")
        }
        try await withServer({ $0.handlerTimeout = .milliseconds(300) }, handler: handler) { port, _ in
            let client = try await RawClient(port: port)
            let started = ContinuousClock.now
            try await client.send("GET / HTTP/1.1\nHost: h\n\n".crlf)
            let (responses, closed) = try await client.responses(2, timeout: .seconds(10))
            #expect(responses.first?.status == 503)
            #expect(errorBody(responses.first)?.rc == "ServiceUnavailable")
            #expect(responses.count == 1 && closed)
            #expect(ContinuousClock.now - started < .seconds(8))
            try await Task.sleep(for: .milliseconds(100))
            let wasCancelled = cancelled.load(ordering: .relaxed)
            #expect(wasCancelled)
        }
    }

    @Test func connectionsOverTheLimitGet503() async throws {
        try await withServer({ $0.maxConnections = 2 }, handler: Self.echo) { port, _ in
            let first = try await RawClient(port: port)
            let second = try await RawClient(port: port)
            for client in [first, second] {
                try await client.send("GET / HTTP/1.1\nHost: h\n\n".crlf)
                #expect(try await client.response()?.status == 200)
            }
            let third = try await RawClient(port: port)
            let response = try await third.response()
            #expect(response?.status == 503)
            #expect(errorBody(response)?.rc == "ServiceUnavailable")
            first.stream.close()
            try await Task.sleep(for: .milliseconds(100))
            let fourth = try await RawClient(port: port)
            try await fourth.send("GET / HTTP/1.1\nHost: h\n\n".crlf)
            #expect(try await fourth.response()?.status == 200)
        }
    }

    @Test func gracefulShutdownFinishesInFlightRequestsAndClosesIdleOnes() async throws {
        let started = Atomic<Bool>(false)
        let proceed = Atomic<Bool>(false)
        let handler: HTTPHandler = { request in
            if request.path == "/slow" {
                started.store(true, ordering: .relaxed)
                // Held until the test has seen draining begin, however slowly this machine runs.
                for _ in 0..<2000 where !proceed.load(ordering: .relaxed) {
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            return .text(200, request.path)
        }
        let server = HTTPServer(config: HTTPServerConfig(), logger: quietLogger, handler: handler)
        let port = try await server.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let idle = try await RawClient(port: port)
            try await idle.send("GET /idle HTTP/1.1\nHost: h\n\n".crlf)
            #expect(try await idle.response()?.status == 200)

            let busy = try await RawClient(port: port)
            try await busy.send("GET /slow HTTP/1.1\nHost: h\n\n".crlf)
            while !started.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(10)) }

            let shutdownStarted = ContinuousClock.now
            async let stopping: Void = server.shutdown()
            #expect(await idle.closedByServer(within: .seconds(5)))
            proceed.store(true, ordering: .relaxed)
            let (responses, closed) = try await busy.responses(2, timeout: .seconds(10))
            #expect(responses.first?.text == "/slow")
            #expect(responses.first?.headers["Connection"] == "close")
            #expect(closed)
            await stopping
            #expect(ContinuousClock.now - shutdownStarted < .seconds(8))
            await #expect(throws: (any Error).self) {
                _ = try await TCPStream.connect(host: "127.0.0.1", port: port, timeout: .seconds(1))
            }
            try await group.waitForAll()
        }
    }

    @Test func shutdownIsBoundedByTheGracePeriod() async throws {
        let handler: HTTPHandler = { _ in
            try? await Task.sleep(for: .seconds(30))
            return .text(200, "late")
        }
        var config = HTTPServerConfig()
        config.shutdownGracePeriod = .milliseconds(300)
        let server = HTTPServer(config: config, logger: quietLogger, handler: handler)
        let port = try await server.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let client = try await RawClient(port: port)
            try await client.send("GET / HTTP/1.1\nHost: h\n\n".crlf)
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            await server.shutdown()
            #expect(ContinuousClock.now - started < .seconds(6))
            try await group.waitForAll()
        }
    }

    @Test func cancellingRunStopsTheServer() async throws {
        let server = HTTPServer(config: HTTPServerConfig(), logger: quietLogger, handler: Self.echo)
        let port = try await server.start()
        let running = Task { try await server.run() }
        let client = try await RawClient(port: port)
        try await client.send("GET / HTTP/1.1\nHost: h\n\n".crlf)
        #expect(try await client.response()?.status == 200)
        running.cancel()
        try await running.value
        #expect(await client.closedByServer(within: .seconds(5)))
    }

    @Test func metricsCountResponsesAndConnections() async throws {
        try await withServer(handler: { _ in .text(299, "odd status") }) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("GET / HTTP/1.1\nHost: h\n\n".crlf)
            #expect(try await client.response()?.status == 299)
            let text = MetricsRegistry.shared.render()
            #expect(text.contains("horde_http_requests_total{status=\"299\"} "))
            #expect(text.contains("horde_http_open_connections "))
            #expect(text.contains("horde_http_request_duration_seconds_count "))
        }
    }

    @Test func routerBehindTheServer() async throws {
        var router = Router()
        router.get("/api/v2/status/:id") { request in .text(200, request.pathParameters["id"] ?? "") }
        try await withServer(handler: router.handler()) { port, _ in
            let client = try await RawClient(port: port)
            try await client.send("GET /api/v2/status/abc HTTP/1.1\nHost: h\n\nPOST /api/v2/status/abc HTTP/1.1\nHost: h\nContent-Length: 0\n\nGET /nope HTTP/1.1\nHost: h\n\n".crlf)
            let (responses, _) = try await client.responses(3)
            #expect(responses.map(\.status) == [200, 405, 404])
            #expect(responses.first?.text == "abc")
            #expect(errorBody(responses.last) == ErrorBody(message: "Not found", rc: "NotFound"))
        }
    }
}
