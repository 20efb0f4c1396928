import Foundation
import HTTP
import Messages
import Testing

@testable import Gateway

@Suite("Moderation endpoints under bad input", .enabled(if: integrationEnabled), .serialized)
struct ModerationBadInputTests {
    static let routes: [(HTTPMethod, String)] = [
        (.PUT, "/api/v2/filters"), (.POST, "/api/v2/filters"), (.PATCH, "/api/v2/filters/\(UUID())"),
        (.POST, "/api/v2/operations/ipaddr"), (.DELETE, "/api/v2/operations/ipaddr"),
        (.PUT, "/api/v2/operations/block_worker_ipaddr/\(UUID())"), (.PUT, "/api/v2/status/modes"),
    ]

    static let bodies: [String] = [
        "{", "[]", "null", "\"text\"", "42", #"{"regex": 5, "filter_type": "ten"}"#, #"{"prompt": null}"#,
        #"{"ipaddr": "1.2.3.4", "hours": -1}"#, #"{"ipaddr": "\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "hours": 1}"#,
        #"{"days": 1e99}"#, #"{"maintenance_mode": "yes"}"#, #"{"regex": "(((", "filter_type": 10}"#,
        #"{"ipaddr": "::::::::::::::", "hours": 1}"#, #"{"ipaddr": "1.2.3.4/-1", "hours": 1}"#,
        String(repeating: "[", count: 5000), #"{"regex": "\#(String(repeating: "a", count: 100_000))", "filter_type": 99}"#,
    ]

    @Test func everyMalformedBodyIsA4xxWithAnRc() async throws {
        try await GatewayStack.with({ $0.moderation.rateLimitsEnabled = false }) { stack in
            let mod = try await stack.createUser("mod", moderator: true)
            let client = ModerationClient(stack)
            var generator = SystemRandomNumberGenerator()
            var bodies = Self.bodies
            for _ in 0..<20 {
                let length = Int.random(in: 1...64, using: &generator)
                bodies.append(String(decoding: (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }, as: UTF8.self))
            }
            for (method, path) in Self.routes {
                for body in bodies {
                    // Some bodies happen to be valid for some routes (DELETE ignores unknown fields); none may fail
                    // with a 5xx or without an rc.
                    let reply = await client.send(method, path, json: body, apiKey: mod.apiKey)
                    #expect(reply.status < 500, "\(method) \(path) \(body.prefix(80)): \(reply.status)")
                    if reply.status >= 400 { #expect(reply.rc != nil, "\(method) \(path) \(body.prefix(80)): \(reply.body)") }
                }
            }
            for query in ["filter_type=abc", "filter_type=", "contains=%00", "filter_type=99999999999999999999"] {
                let reply = await client.send(.GET, "/api/v2/filters?\(query)", apiKey: mod.apiKey)
                #expect(reply.status == 200 || reply.status == 400, "\(query): \(reply.status)")
            }
            #expect(await client.send(.GET, "/api/v2/filters?contains=%00", apiKey: mod.apiKey).rc == "NulByteInPayload")
            for address in ["not-an-ip", "1.2.3.4.5", "%zz", "1.2.3.4%00x", String(repeating: "9", count: 300)] {
                let reply = await client.send(.GET, "/api/v2/operations/ipaddr/\(address)", apiKey: mod.apiKey)
                #expect(reply.status == 400 || reply.status == 404, "\(address): \(reply.status)")
            }
            #expect(try await stack.count("gateway.filters") == 0)
            #expect(try await stack.count("gateway.ip_timeouts") == 0)
        }
    }
}
