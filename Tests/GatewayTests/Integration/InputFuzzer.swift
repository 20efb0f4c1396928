import Foundation
import HTTP

/// Builds random, mostly malformed requests for a route: odd path parameters, query strings, headers and bodies
/// (broken JSON, wrong types, huge numbers and strings, the API's own field names with nonsense values).
struct InputFuzzer {
    /// Keys of real accounts, mixed with invalid ones.
    let apiKeys: [String]

    private static let pathValues = [
        "not-a-uuid", "0", "-1", "99999999999999999999999", "%00", "%zz", "a%2Fb", "%20", "..", "' OR 1=1 --",
        "%C3%BC%F0%9F%98%80", String(repeating: "x", count: 3000), "1.5", "true", "null",
    ]
    private static let queryNames = [
        "type", "min_count", "max_count", "model_state", "name", "page", "sort", "id", "offset", "limit",
    ]
    private static let fieldNames = [
        "prompt", "params", "models", "n", "steps", "width", "height", "cfg_scale", "sampler_name", "seed", "nsfw",
        "workers", "worker_blacklist", "webhook", "style", "dry_run", "source_image", "source_mask", "r2", "shared",
        "name", "bridge_agent", "max_pixels", "amount", "threads", "id", "generation", "state", "seed", "ratings",
        "best", "rating", "artifacts", "max_length", "max_context_length", "softprompt", "priority_usernames",
        "username", "kudos", "type", "info", "team", "maintenance", "paused", "contact", "forms", "stop_sequence",
        "loras", "tis", "post_processing", "extra_source_images", "proxied_account", "disable_batching",
    ]

    /// Any JSON value, built from the API's field names, `depth` levels deep at most.
    private func value(depth: Int, using generator: inout some RandomNumberGenerator) -> String {
        switch Int.random(in: 0..<(depth > 0 ? 12 : 9), using: &generator) {
        case 0: return "null"
        case 1: return Bool.random(using: &generator) ? "true" : "false"
        case 2: return String(Int.random(in: -5...5000, using: &generator))
        case 3: return ["1e308", "-1e308", "1e999", "-0", "99999999999999999999999999", "0.000001", "NaN"]
            .randomElement(using: &generator)!
        case 4: return "\"\(["", "x", "stable_diffusion", "k_euler", "https://example.com/hook", "0000000000", "\\u0000", "\\ud800", "ünï😀"].randomElement(using: &generator)!)\""
        case 5: return "\"\(String(repeating: "w ", count: Int.random(in: 100...20000, using: &generator)))\""
        case 6: return "\"\(UUID().uuidString)\""
        case 7: return "[]"
        case 8: return "{}"
        case 9, 10: return object(depth: depth - 1, using: &generator)
        default:
            let count = Int.random(in: 1...4, using: &generator)
            return "[" + (0..<count).map { _ in value(depth: depth - 1, using: &generator) }.joined(separator: ",") + "]"
        }
    }

    private func object(depth: Int, using generator: inout some RandomNumberGenerator) -> String {
        let count = Int.random(in: 0...6, using: &generator)
        let fields = (0..<count).map { _ in
            "\"\(Self.fieldNames.randomElement(using: &generator)!)\": \(value(depth: depth, using: &generator))"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A body: structured nonsense most of the time, sometimes not JSON at all.
    private func body(using generator: inout some RandomNumberGenerator) -> [UInt8] {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return []
        case 1: return Array(["{", "}", "[", "nul", "{\"prompt\":", "\"unterminated", "{\"a\":1,}", "{'a': 1}"]
            .randomElement(using: &generator)!.utf8)
        case 2: return (0..<Int.random(in: 1...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        case 3: return Array((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)
        case 4: return Array(value(depth: 2, using: &generator).utf8)
        default: return Array(object(depth: 3, using: &generator).utf8)
        }
    }

    /// A random request for `route`.
    mutating func request(for route: RouteEntry, using generator: inout some RandomNumberGenerator) -> HTTPRequest {
        let path = route.pattern.split(separator: "/").map { segment -> String in
            guard segment.hasPrefix(":") || segment == "*" || segment == "**" else { return String(segment) }
            return Bool.random(using: &generator)
                ? UUID().uuidString.lowercased() : Self.pathValues.randomElement(using: &generator)!
        }
        var target = "/" + path.joined(separator: "/")
        if Bool.random(using: &generator) {
            let items = (0..<Int.random(in: 1...4, using: &generator)).map { _ -> String in
                let name = Self.queryNames.randomElement(using: &generator)!
                let value = ["", "-1", "image", "text", "all", "x%", "%00", "1e9", "999999999999999999999", "%zz", "a+b"]
                    .randomElement(using: &generator)!
                return "\(name)=\(value)"
            }
            target += "?" + (Bool.random(using: &generator) ? items.joined(separator: "&") : "&&==&" + items.joined())
        }
        var headers = HTTPHeaders()
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: break
        case 1: headers.add("apikey", "")
        case 2: headers.add("apikey", String(repeating: "k", count: Int.random(in: 1...2000, using: &generator)))
        default: headers.add("apikey", apiKeys.randomElement(using: &generator)!)
        }
        if Bool.random(using: &generator) {
            headers.add("Client-Agent", ["My-Project:v0.0.1:My-Contact", "", "x:y:z", String(repeating: "c", count: 500)]
                .randomElement(using: &generator)!)
        }
        if Bool.random(using: &generator) {
            headers.add("Content-Type", ["application/json", "text/plain", "multipart/form-data; boundary=x", ""]
                .randomElement(using: &generator)!)
        }
        if Bool.random(using: &generator) { headers.add("Accept-Encoding", "gzip;q=abc, *;q=") }
        let method = Int.random(in: 0..<8, using: &generator) == 0
            ? [HTTPMethod.GET, .POST, .PUT, .PATCH, .DELETE, .HEAD].randomElement(using: &generator)! : route.method
        return HTTPRequest(method: method, target: target, headers: headers, body: body(using: &generator))
    }
}
