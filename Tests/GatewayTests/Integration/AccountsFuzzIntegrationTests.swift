import Foundation
import HTTP
import Messages
import Postgres
import Testing

@testable import Gateway

/// Random and malformed bodies, query strings and ids for every accounts operation: each answer is a 2xx or a
/// 4xx carrying an rc, never a 5xx.
@Suite("Accounts: malformed input", .enabled(if: integrationEnabled), .serialized)
struct AccountsFuzzIntegrationTests {
    /// A small deterministic generator, so a failure can be replayed from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Field names the accounts bodies read, plus a few they do not.
    static let fields = [
        "kudos", "concurrency", "usage_multiplier", "worker_invited", "moderator", "public_workers", "monthly_kudos",
        "username", "trusted", "flagged", "customizer", "vpn", "service", "education", "special", "undelete",
        "filtered", "reset_suspicion", "generate_proxy_passkey", "contact", "admin_comment", "maintenance",
        "maintenance_msg", "paused", "info", "name", "team", "worker_id", "message", "origin", "expiry",
        "max_image_pixels", "max_image_steps", "max_text_tokens", "bogus",
    ]

    static func value(_ rng: inout SplitMix, depth: Int = 0) -> String {
        switch Int.random(in: 0..<14, using: &rng) {
        case 0: return "null"
        case 1: return Bool.random(using: &rng) ? "true" : "false"
        case 2: return String(Int.random(in: -3...3, using: &rng))
        case 3: return ["9223372036854775807", "-9223372036854775808", "1e308", "1e400", "-0", "0.5", "3.0"]
            .randomElement(using: &rng) ?? "0"
        case 4: return String(Int.random(in: Int(Int32.min)...Int(Int32.max), using: &rng))
        case 5: return "\"\""
        case 6: return "\"\(String(repeating: "x", count: Int.random(in: 1...1200, using: &rng)))\""
        case 7: return "\"\(UUID().uuidString)\""
        case 8: return #""<b>bold</b> \u00e9 \ud83d\ude00 '; DROP TABLE users; --""#
        case 9: return #""\u0000""#
        case 10: return depth < 2 ? "[\(value(&rng, depth: depth + 1)), \(value(&rng, depth: depth + 1))]" : "[]"
        case 11: return depth < 2 ? "{\"a\": \(value(&rng, depth: depth + 1))}" : "{}"
        case 12: return "\"  fine name  \""
        default: return String(Double.random(in: -1e6...1e6, using: &rng))
        }
    }

    static func body(_ rng: inout SplitMix) -> String {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return ["", "{", "[1,2", "nul", "\"text\"", "42", "{\"a\":}", "{\"kudos\": 1,}"]
            .randomElement(using: &rng) ?? ""
        default:
            let count = Int.random(in: 0...4, using: &rng)
            let pairs = (0..<count).map { _ in
                "\"\(fields.randomElement(using: &rng) ?? "bogus")\": \(value(&rng))"
            }
            return "{" + pairs.joined(separator: ", ") + "}"
        }
    }

    static func segment(_ rng: inout SplitMix, valid: String) -> String {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return UUID().uuidString
        case 1: return "99999999999999999999999"
        case 2: return "-1"
        case 3: return "%00"
        case 4: return "abc%20def"
        default: return valid
        }
    }

    @Test func everyAnswerIsAnAnswerWithAnRc() async throws {
        try await GatewayStack.with({ $0.admins = [1] }) { stack in
            let admin = try await stack.createUser("admin", moderator: true)
            let owner = try await stack.createUser("owner", trusted: true)
            let worker = try await stack.insertWorker("fuzzed-worker", ownerId: owner.id)
            let keys: [String?] = [nil, "0000000000", admin.apiKey, owner.apiKey, "bogus", UUID().uuidString]
            var rng = SplitMix(state: UInt64.random(in: 0...UInt64.max))
            let seed = rng.state
            for _ in 0..<300 {
                let user = Self.segment(&rng, valid: String(owner.id))
                let workerId = Self.segment(&rng, valid: worker.apiString)
                let any = Self.segment(&rng, valid: UUID().uuidString)
                let (method, path): (HTTPMethod, String) = [
                    (.GET, "/api/v2/users?page=\(Self.segment(&rng, valid: "2"))&sort=\(Self.segment(&rng, valid: "age"))"),
                    (.GET, "/api/v2/users/\(user)"), (.PUT, "/api/v2/users/\(user)"),
                    (.DELETE, "/api/v2/users/\(Self.segment(&rng, valid: "424242"))"),
                    (.GET, "/api/v2/workers?type=\(Self.segment(&rng, valid: "text"))&name=\(any)"),
                    (.GET, "/api/v2/workers/\(workerId)"), (.PUT, "/api/v2/workers/\(workerId)"),
                    (.GET, "/api/v2/workers/name/\(any)"),
                    (.GET, "/api/v2/workers/messages?page=\(any)&user_id=\(user)&worker_id=\(workerId)&validity=\(any)"),
                    (.POST, "/api/v2/workers/messages"), (.GET, "/api/v2/workers/messages/\(any)"),
                    (.DELETE, "/api/v2/workers/messages/\(any)"),
                    (.POST, "/api/v2/teams"), (.GET, "/api/v2/teams/\(any)"), (.PATCH, "/api/v2/teams/\(any)"),
                    (.PUT, "/api/v2/sharedkeys"), (.GET, "/api/v2/sharedkeys/\(any)"),
                    (.PATCH, "/api/v2/sharedkeys/\(any)"),
                ].randomElement(using: &rng) ?? (.GET, "/api/v2/users")
                let json = method == .GET || method == .DELETE ? nil : Self.body(&rng)
                let key = keys.randomElement(using: &rng) ?? nil
                let response = await stack.send(method, path, json: json, apiKey: key)
                let context = "seed \(seed): \(method) \(path) \(json ?? "") → \(response.status) \(response.body)"
                #expect(response.status < 500, "\(context)")
                if response.status >= 400 { #expect(response.body["rc"]?.stringValue != nil, "\(context)") }
            }
        }
    }
}
