import Foundation
import Messages
import Synchronization

@testable import Worker

/// A stand-in gateway for client and pipeline tests: answers from a closure and records every request.
final class RecordingTransport: HTTPTransport {
    struct Request: Sendable {
        var method: String
        var url: String
        var headers: [(String, String)]
        var body: [UInt8]
        var at = ContinuousClock.now

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }
    }

    private let requests = Mutex<[Request]>([])
    private let answer: @Sendable (Request) throws -> TransportResponse

    init(answer: @escaping @Sendable (Request) throws -> TransportResponse) { self.answer = answer }

    var recorded: [Request] { requests.withLock { $0 } }

    func send(method: String, url: String, headers: [(String, String)], body: [UInt8], timeout: Duration)
        async throws -> TransportResponse
    {
        let request = Request(method: method, url: url, headers: headers, body: body)
        requests.withLock { $0.append(request) }
        return try answer(request)
    }

    static func json(_ status: Int, _ text: String) -> TransportResponse {
        TransportResponse(status: status, body: Array(text.utf8))
    }
}
