import Foundation
import HTTP
import Messages

/// JSON over HTTP to a model server: one request, the answer decoded as JSON (or kept as bytes), every failure mapped to a
/// `BackendError` that names the backend.
struct BackendHTTP: Sendable {
    /// The server.
    let endpoint: BackendEndpoint
    /// How requests are sent.
    let transport: any HTTPTransport

    /// Bytes of an error body kept in the error message.
    private static let detailLimit = 200

    /// POSTs `body` to `path` and returns the decoded JSON answer.
    func post(_ path: String, _ body: JSONValue) async throws -> JSONValue {
        let encoded: [UInt8]
        do {
            encoded = Array(try JSONEncoder().encode(body))
        } catch {
            throw BackendError.unsupported(backend: endpoint.name, reason: "request not encodable: \(error)")
        }
        return try decode(try await send("POST", path, body: encoded, contentType: "application/json"))
    }

    /// GETs `path` (with its query) and returns the decoded JSON answer.
    func get(_ path: String, timeout: Duration? = nil) async throws -> JSONValue {
        try decode(try await send("GET", path, timeout: timeout))
    }

    /// True when `GET path` answers 2xx within a few seconds: the server's health check.
    func probe(_ path: String) async -> Bool {
        do {
            _ = try await send("GET", path, timeout: min(endpoint.timeout, .seconds(5)))
            return true
        } catch {
            return false
        }
    }

    /// One request; returns the body of a 2xx answer. `timeout` defaults to the backend's.
    func send(
        _ method: String, _ path: String, body: [UInt8] = [], contentType: String? = nil, timeout: Duration? = nil
    ) async throws -> [UInt8] {
        var headers = [("Accept", "application/json")]
        if let contentType { headers.append(("Content-Type", contentType)) }
        if let key = endpoint.apiKey, !key.isEmpty { headers.append(("Authorization", "Bearer \(key)")) }
        let limit = timeout ?? endpoint.timeout
        let response: TransportResponse
        do {
            response = try await transport.send(
                method: method, url: endpoint.baseURL + path, headers: headers, body: body, timeout: limit)
        } catch let error as HTTPClientError where error.code == .timedOut {
            throw BackendError.timedOut(backend: endpoint.name, after: limit)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw BackendError.unreachable(backend: endpoint.name, reason: "\(error)")
        }
        guard (200..<300).contains(response.status) else {
            let detail = String(decoding: response.body.prefix(Self.detailLimit), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw BackendError.status(backend: endpoint.name, code: response.status, detail: detail)
        }
        return response.body
    }

    private func decode(_ body: [UInt8]) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw BackendError.malformedResponse(backend: endpoint.name, reason: "body is not JSON")
        }
    }
}
