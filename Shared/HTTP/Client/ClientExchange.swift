import Glibc

/// One request/response exchange on an open connection, and the request's bytes.
enum ClientExchange {
    /// A failure that knows whether the server could have seen the request, so the client can tell a stale
    /// keep-alive connection (safe to retry) from a real failure.
    struct Failure: Error {
        /// The error to report if no retry happens.
        let error: HTTPClientError
        /// No byte of the response had arrived.
        let beforeResponse: Bool
    }

    /// The request head and body as bytes. `Host` and `Content-Length` are the client's; caller headers
    /// that would break framing are dropped.
    static func serialize(method: HTTPMethod, url: HTTPURL, headers: HTTPHeaders, body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + body.count)
        bytes.append(contentsOf: method.rawValue.utf8)
        bytes.append(ASCII.space)
        bytes.append(contentsOf: url.target.utf8)
        bytes.append(contentsOf: " HTTP/1.1\r\n".utf8)
        if !headers.contains("Host") { append("Host", url.hostHeader, to: &bytes) }
        for (name, value) in headers {
            if name.equalsIgnoringASCIICase("content-length") || name.equalsIgnoringASCIICase("transfer-encoding") {
                continue
            }
            guard ResponseSerializer.isAllowed(name: name, value: value) || name.equalsIgnoringASCIICase("connection")
            else { continue }
            append(name, value, to: &bytes)
        }
        let needsLength = !body.isEmpty || method == .POST || method == .PUT || method == .PATCH
        if needsLength {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            ASCII.appendDecimal(body.count, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        bytes.append(contentsOf: body)
        return bytes
    }

    private static func append(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: ": ".utf8)
        bytes.append(contentsOf: value.utf8)
        bytes.append(contentsOf: "\r\n".utf8)
    }

    /// Writes `request` and reads one response. Returns it and whether the connection can be reused.
    static func perform(
        _ request: [UInt8], on stream: TCPStream, isHEAD: Bool, maxResponseBytes: Int, deadline: Deadline
    ) async throws -> (HTTPClientResponse, reusable: Bool) {
        // A server may answer before the whole request is sent (413 for a body over its limit) and close; the
        // response is then still worth reading, so a failed write only decides the error if none arrives.
        var writeError: IOError?
        do {
            switch try await stream.write(request, stallTimeout: deadline.remaining()) {
            case .written: break
            case .timedOut: throw Failure(error: HTTPClientError(.timedOut, "sending the request"), beforeResponse: false)
            case .cancelled: throw CancellationError()
            }
        } catch let error as IOError {
            writeError = error
        }

        var limits = HTTP1ParserLimits()
        limits.maxBodyBytes = maxResponseBytes
        var parser = HTTP1Parser(kind: .response, limits: limits)
        parser.nextResponseHasNoBody = isHEAD
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var received = 0
        while true {
            do {
                if let response = try parser.nextResponse() {
                    let reusable = response.keepAlive && parser.isIdle && writeError == nil
                    return (HTTPClientResponse(status: response.status, headers: response.headers, body: response.body),
                            reusable)
                }
            } catch {
                throw Failure(error: clientError(error), beforeResponse: false)
            }
            let outcome: TCPStream.ReadOutcome
            do {
                outcome = try await stream.read(into: &buffer, deadline: deadline)
            } catch {
                let failure = writeError ?? error
                throw Failure(error: HTTPClientError(.transport, failure.description), beforeResponse: received == 0)
            }
            switch outcome {
            case .bytes(let count):
                received += count
                parser.append(buffer[0..<count])
            case .end:
                do {
                    if let response = try parser.finish() {
                        return (HTTPClientResponse(status: response.status, headers: response.headers, body: response.body),
                                false)
                    }
                } catch {
                    if let writeError, received == 0 {
                        throw Failure(error: HTTPClientError(.transport, writeError.description), beforeResponse: true)
                    }
                    throw Failure(error: clientError(error), beforeResponse: received == 0)
                }
                if let writeError {
                    throw Failure(
                        error: HTTPClientError(.transport, writeError.description), beforeResponse: received == 0)
                }
                throw Failure(
                    error: HTTPClientError(.connectionClosed, "connection closed before a response"),
                    beforeResponse: received == 0)
            case .timedOut:
                throw Failure(error: HTTPClientError(.timedOut, "waiting for the response"), beforeResponse: false)
            case .interrupted, .cancelled:
                throw CancellationError()
            }
        }
    }

    private static func clientError(_ error: HTTPParseError) -> HTTPClientError {
        if error.kind == .bodyTooLarge { return HTTPClientError(.responseTooLarge, "response body over the limit") }
        if error.reason == "Connection closed before the message was complete" {
            return HTTPClientError(.connectionClosed, error.reason)
        }
        return HTTPClientError(.malformedResponse, error.reason)
    }
}
