import Foundation
import HTTP
import Messages

/// JSON over HTTP to a model server: one POST, the answer decoded as JSON, every failure mapped to a
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
        var headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let key = endpoint.apiKey, !key.isEmpty { headers.append(("Authorization", "Bearer \(key)")) }
        let encoded: [UInt8]
        do {
            encoded = Array(try JSONEncoder().encode(body))
        } catch {
            throw BackendError.unsupported(backend: endpoint.name, reason: "request not encodable: \(error)")
        }
        let response: TransportResponse
        do {
            response = try await transport.send(
                method: "POST", url: endpoint.baseURL + path, headers: headers, body: encoded, timeout: endpoint.timeout)
        } catch let error as HTTPClientError where error.code == .timedOut {
            throw BackendError.timedOut(backend: endpoint.name, after: endpoint.timeout)
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
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(response.body))
        } catch {
            throw BackendError.malformedResponse(backend: endpoint.name, reason: "body is not JSON")
        }
    }
}
