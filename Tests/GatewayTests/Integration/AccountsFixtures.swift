import Foundation
import HTTP
import Messages
import Postgres
import Testing

@testable import Gateway

/// What the accounts suites need beyond `GatewayStack`: requests with arbitrary headers, workers inserted as a
/// pop would create them, and checks of the `{message, rc}` error shape.
extension GatewayStack {
    /// Sends a request through the router with extra headers.
    func send(
        _ method: HTTPMethod, _ path: String, json: String? = nil, apiKey: String? = nil,
        headers extra: [(String, String)] = [], remoteAddress: String = "127.0.0.1"
    ) async -> (status: Int, body: JSONValue) {
        var headers = HTTPHeaders()
        if let apiKey { headers.add("apikey", apiKey) }
        if json != nil { headers.add("Content-Type", "application/json") }
        for (name, value) in extra { headers.add(name, value) }
        let response = await handler(
            HTTPRequest(
                method: method, target: path, headers: headers, body: Array((json ?? "").utf8),
                remoteAddress: remoteAddress))
        let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(response.body))) ?? .null
        return (response.status, body)
    }

    /// A worker row as the pop path writes it; `online` sets the last check-in to now (else an hour ago).
    @discardableResult
    func insertWorker(
        _ name: String, ownerId: Int, kind: String = "image", online: Bool = true, models: [String] = ["stable_diffusion"]
    ) async throws -> UUID {
        let id = UUID()
        let checkIn = online ? Date() : Date().addingTimeInterval(-3600)
        try await pool.execute(
            """
            INSERT INTO gateway.workers (id, name, owner_id, kind, models, ipaddr, last_check_in)
            VALUES (\(id), \(name), \(ownerId), \(kind), \(models), '10.0.0.9', \(checkIn))
            """)
        return id
    }
}

/// Asserts that a response is the error `rc`: its HTTP status is the rc's, and the body is `{message, rc}`.
func expectError(
    _ response: (status: Int, body: JSONValue), _ rc: RC, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == rc.httpStatus, "status \(response.status) for \(rc.rawValue): \(response.body)",
        sourceLocation: sourceLocation)
    #expect(response.body["rc"]?.stringValue == rc.rawValue, "body \(response.body)", sourceLocation: sourceLocation)
    #expect(response.body["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
}
