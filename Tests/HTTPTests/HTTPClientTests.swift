import Foundation
import HTTP
import Synchronization
import Testing

@Suite struct HTTPClientTests {
    @Test func getAndPostAgainstTheServer() async throws {
        var router = Router()
        router.get("/hello/:name") { request in
            var response = HTTPResponse.text(200, "hi \(request.pathParameters["name"] ?? "") \(request.queryValue("q") ?? "")")
            response.headers.add("X-Got", request.headers["X-Custom"] ?? "none")
            return response
        }
        router.post("/echo") { request in .json(201, raw: request.body) }
        try await withServer(handler: router.handler()) { port, _ in
            let client = HTTPClient()
            let get = try await client.get("http://127.0.0.1:\(port)/hello/ann?q=a%20b", headers: ["X-Custom": "yes"])
            #expect(get.status == 200)
            #expect(get.text == "hi ann a b")
            #expect(get.headers["x-got"] == "yes")
            let body = Array("{\"n\":1}".utf8)
            let post = try await client.post("http://localhost:\(port)/echo", body: body)
            #expect(post.status == 201)
            #expect(post.body == body)
            #expect(post.headers["Content-Type"] == "application/json")
            let missing = try await client.send(.GET, "http://127.0.0.1:\(port)/nope")
            #expect(missing.status == 404)
            let head = try await client.send(.HEAD, "http://127.0.0.1:\(port)/hello/x")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["Content-Length"] == "5")
        }
    }

    @Test func keepAliveConnectionsAreReused() async throws {
        let server = try ScriptedServer { stream, _ in
            var parser = HTTP1Parser()
            while let request = await readRequest(from: stream, parser: &parser) {
                await reply(stream, "HTTP/1.1 200 OK\nContent-Length: \(request.request.path.utf8.count)\n\n\(request.request.path)")
            }
        }
        let client = HTTPClient()
        for index in 1...5 {
            let response = try await client.get("\(server.url)/r\(index)")
            #expect(response.text == "/r\(index)")
        }
        #expect(server.connections == 1)
    }

    @Test func chunkedAndUntilCloseResponses() async throws {
        let server = try ScriptedServer { stream, number in
            var parser = HTTP1Parser()
            guard await readRequest(from: stream, parser: &parser) != nil else { return }
            if number == 1 {
                await reply(stream, "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n6;x=y\n world\n0\nX-T: 1\n\n")
            } else {
                await reply(stream, "HTTP/1.0 200 OK\nContent-Type: text/plain\n\nuntil the end")
            }
        }
        let client = HTTPClient()
        #expect(try await client.get(server.url + "/a").text == "hello world")
        let untilClose = try await client.get(server.url + "/b", headers: ["Connection": "close"])
        #expect(untilClose.text == "until the end")
    }

    @Test func silentServersTimeOut() async throws {
        let server = try ScriptedServer { stream, _ in
            var parser = HTTP1Parser()
            _ = await readRequest(from: stream, parser: &parser)
            try? await Task.sleep(for: .seconds(30))
        }
        let started = ContinuousClock.now
        await #expect(throws: HTTPClientError(.timedOut, "waiting for the response")) {
            _ = try await HTTPClient().get(server.url, timeout: .milliseconds(300))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func cancellationEndsARequestPromptly() async throws {
        let server = try ScriptedServer { stream, _ in
            var parser = HTTP1Parser()
            _ = await readRequest(from: stream, parser: &parser)
            try? await Task.sleep(for: .seconds(30))
        }
        let request = Task { try await HTTPClient().get(server.url) }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        request.cancel()
        await #expect(throws: CancellationError.self) { _ = try await request.value }
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func responseSizeIsBounded() async throws {
        try await withServer(handler: { _ in HTTPResponse(status: 200, body: Array(repeating: 1, count: 5000)) }) {
            port, _ in
            let client = HTTPClient(maxResponseBytes: 1000)
            await #expect(throws: HTTPClientError(.responseTooLarge, "response body over the limit")) {
                _ = try await client.get("http://127.0.0.1:\(port)/")
            }
        }
    }

    @Test func refusedConnectionsFail() async throws {
        let listener = try TCPListener()
        let port = listener.port
        listener.close()
        await #expect {
            _ = try await HTTPClient().get("http://127.0.0.1:\(port)/", timeout: .seconds(2))
        } throws: { error in
            (error as? HTTPClientError)?.code == .connectFailed
        }
    }

    @Test(arguments: ["ftp://host/x", "http://", "http://user@host/", "http://host:99999/", "host/path", "http://h/a b"])
    func invalidURLsAreRejected(_ url: String) async {
        await #expect {
            _ = try await HTTPClient().get(url)
        } throws: { error in
            (error as? HTTPClientError)?.code == .invalidURL
        }
    }

    @Test func aConnectionTheServerClosedIsReplaced() async throws {
        let server = try ScriptedServer { stream, _ in
            var parser = HTTP1Parser()
            guard let request = await readRequest(from: stream, parser: &parser) else { return }
            await reply(stream, "HTTP/1.1 200 OK\nContent-Length: \(request.request.path.utf8.count)\n\n\(request.request.path)")
        }
        let client = HTTPClient()
        #expect(try await client.get(server.url + "/one").text == "/one")
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await client.get(server.url + "/two").text == "/two")
        #expect(server.connections == 2)
    }

    @Test func aRequestLostOnAReusedConnectionIsRetriedOnce() async throws {
        let server = try ScriptedServer { stream, number in
            var parser = HTTP1Parser()
            guard let first = await readRequest(from: stream, parser: &parser) else { return }
            await reply(stream, "HTTP/1.1 200 OK\nContent-Length: \(first.request.path.utf8.count)\n\n\(first.request.path)")
            if number == 1 {
                // Takes the next request and closes without answering, as a server does when it drops an idle
                // keep-alive connection at the moment the client reuses it.
                _ = await readRequest(from: stream, parser: &parser)
                return
            }
        }
        let client = HTTPClient()
        #expect(try await client.get(server.url + "/first").text == "/first")
        #expect(try await client.post(server.url + "/second", body: Array("x".utf8)).text == "/second")
        #expect(server.connections == 2)
    }

    @Test func connectionsPerHostAreLimited() async throws {
        let active = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let handler: HTTPHandler = { _ in
            let now = active.wrappingAdd(1, ordering: .relaxed).newValue
            peak.max(now, ordering: .relaxed)
            try? await Task.sleep(for: .milliseconds(100))
            active.wrappingSubtract(1, ordering: .relaxed)
            return .text(200, "ok")
        }
        try await withServer(handler: handler) { port, _ in
            let client = HTTPClient(maxConnectionsPerHost: 2)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await client.get("http://127.0.0.1:\(port)/").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 6))
            let most = peak.load(ordering: .relaxed)
            #expect(most == 2)
        }
    }

    @Test func waitingForAPoolSlotRespectsTheTimeout() async throws {
        let handler: HTTPHandler = { _ in
            try? await Task.sleep(for: .seconds(4))
            return .text(200, "slow")
        }
        try await withServer(handler: handler) { port, _ in
            let client = HTTPClient(maxConnectionsPerHost: 1)
            let url = "http://127.0.0.1:\(port)/"
            async let first = client.get(url, timeout: .seconds(20))
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            await #expect {
                _ = try await client.get(url, timeout: .milliseconds(300))
            } throws: { error in
                (error as? HTTPClientError)?.code == .timedOut
            }
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(try await first.status == 200)
        }
    }

    @Test func httpsGoesThroughURLSession() async throws {
        let listener = try TCPListener()
        let port = listener.port
        listener.close()
        await #expect {
            _ = try await HTTPClient().get("https://127.0.0.1:\(port)/", timeout: .seconds(5))
        } throws: { error in
            error is HTTPClientError
        }
    }
}

@Suite struct HTTPClientEarlyResponseTests {
    @Test func anEarlyAnswerToAnOversizedUploadIsReturned() async throws {
        try await withServer({ $0.maxBodyBytes = 64 * 1024 }, handler: { _ in .text(200, "never") }) { port, _ in
            let body = [UInt8](repeating: 0x61, count: 8 << 20)
            let response = try await HTTPClient().post("http://127.0.0.1:\(port)/upload", body: body)
            #expect(response.status == 413)
            let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            #expect(error.rc == "PayloadTooLarge")
        }
    }
}
