import Foundation
import HTTP
import Messages

@testable import Gateway

/// Requests through a stack's router with the caller's address and headers, keeping the response headers.
struct ModerationClient {
    let handler: HTTPHandler
    var address = "203.0.113.7"

    init(_ stack: GatewayStack, address: String = "203.0.113.7") {
        self.handler = stack.handler
        self.address = address
    }

    struct Reply {
        let status: Int
        let body: JSONValue
        let headers: HTTPHeaders
        var rc: String? { body["rc"]?.stringValue }
    }

    func send(
        _ method: HTTPMethod, _ path: String, json: String? = nil, apiKey: String? = nil,
        clientAgent: String? = nil
    ) async -> Reply {
        var headers = HTTPHeaders()
        if let apiKey { headers.add("apikey", apiKey) }
        if let clientAgent { headers.add("Client-Agent", clientAgent) }
        if json != nil { headers.add("Content-Type", "application/json") }
        let response = await handler(
            HTTPRequest(
                method: method, target: path, headers: headers, body: Array((json ?? "").utf8),
                remoteAddress: address))
        let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(response.body))) ?? .null
        return Reply(status: response.status, body: body, headers: response.headers)
    }
}
