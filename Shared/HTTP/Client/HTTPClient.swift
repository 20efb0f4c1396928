import Glibc

/// A small async HTTP/1.1 client. `http://` URLs go over the project's event loops with a keep-alive pool
/// per `host:port`; `https://` URLs fall back to FoundationNetworking's `URLSession`.
///
/// Every request has one overall timeout (connect, send and receive together) and a bounded response size.
/// A request that fails on a reused keep-alive connection before any response byte arrived (the server had
/// closed it) is retried once on a fresh connection.
package final class HTTPClient: Sendable {
    /// A client shared by the process: 16 connections per host, responses up to 64 MiB.
    package static let shared = HTTPClient()

    private let pool: ClientConnectionPool
    private let maxResponseBytes: Int
    private let eventLoops: EventLoopGroup

    /// A client with its own pool: `maxConnectionsPerHost` per `host:port`, responses up to `maxResponseBytes`.
    package init(
        maxConnectionsPerHost: Int = 16, maxResponseBytes: Int = 64 << 20, eventLoops: EventLoopGroup = .shared
    ) {
        pool = ClientConnectionPool(maxPerHost: maxConnectionsPerHost)
        self.maxResponseBytes = maxResponseBytes
        self.eventLoops = eventLoops
    }

    /// Sends one request and returns the complete response (any status; only transport failures throw
    /// `HTTPClientError`, or `CancellationError` when the task is cancelled).
    package func send(
        _ method: HTTPMethod, _ url: String, headers: HTTPHeaders = .init(), body: [UInt8] = [],
        timeout: Duration = .seconds(30)
    ) async throws -> HTTPClientResponse {
        guard let parsed = HTTPURL(url) else { throw HTTPClientError(.invalidURL, "not an http(s) URL") }
        if parsed.isTLS {
            return try await URLSessionTransport.send(
                method, url, headers: headers, body: body, timeout: timeout, maxResponseBytes: maxResponseBytes)
        }
        let deadline = Deadline.after(timeout)
        let request = ClientExchange.serialize(method: method, url: parsed, headers: headers, body: body)
        var attempt = 0
        while true {
            attempt += 1
            let (stream, reused) = try await connection(for: parsed, deadline: deadline)
            do {
                let (response, reusable) = try await ClientExchange.perform(
                    request, on: stream, isHEAD: method == .HEAD, maxResponseBytes: maxResponseBytes,
                    deadline: deadline)
                if reusable {
                    pool.release(parsed.poolKey, stream)
                } else {
                    stream.close()
                    pool.discard(parsed.poolKey)
                }
                return response
            } catch let failure as ClientExchange.Failure {
                stream.close()
                pool.discard(parsed.poolKey)
                if reused && failure.beforeResponse && attempt == 1 { continue }
                throw failure.error
            } catch {
                stream.close()
                pool.discard(parsed.poolKey)
                throw error
            }
        }
    }

    /// Sends a GET.
    package func get(_ url: String, headers: HTTPHeaders = .init(), timeout: Duration = .seconds(30)) async throws
        -> HTTPClientResponse
    {
        try await send(.GET, url, headers: headers, timeout: timeout)
    }

    /// Sends a POST.
    package func post(
        _ url: String, headers: HTTPHeaders = .init(), body: [UInt8], timeout: Duration = .seconds(30)
    ) async throws -> HTTPClientResponse {
        try await send(.POST, url, headers: headers, body: body, timeout: timeout)
    }

    /// A pooled connection or a new one; `reused` tells whether it carried earlier requests.
    private func connection(for url: HTTPURL, deadline: Deadline) async throws -> (TCPStream, reused: Bool) {
        switch try await pool.lease(url.poolKey, deadline: deadline) {
        case .reuse(let stream):
            return (stream, true)
        case .connect:
            do {
                let addresses = try await Resolver.resolve(host: url.host, port: url.port)
                var lastError: (any Error)?
                for address in addresses {
                    do {
                        let stream = try await TCPStream.connect(
                            to: address, loop: eventLoops.next(), deadline: deadline)
                        return (stream, false)
                    } catch let error as CancellationError {
                        throw error
                    } catch {
                        lastError = error
                        if Deadline.now() >= deadline { break }
                    }
                }
                if let error = lastError as? IOError, error.errno == ETIMEDOUT {
                    throw HTTPClientError(.timedOut, "connecting to \(url.poolKey)")
                }
                throw HTTPClientError(
                    .connectFailed, "\(url.poolKey): \(lastError.map { "\($0)" } ?? "no address")")
            } catch {
                pool.discard(url.poolKey)
                throw error
            }
        }
    }
}
