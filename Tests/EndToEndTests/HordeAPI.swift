import Foundation
import HTTP

/// The calls the end-to-end tests make, as a client of the v2 API would.
struct HordeAPI {
    let cluster: HordeCluster

    struct Response {
        let status: Int
        let json: [String: Any]
        let raw: String
    }

    func call(_ method: HTTPMethod, _ path: String, key: String? = nil, body: [String: Any]? = nil) async throws -> Response {
        var headers = HTTPHeaders()
        if let key { headers.add("apikey", key) }
        headers.add("Client-Agent", "horde-e2e:1:tests")
        var bytes: [UInt8] = []
        if let body {
            headers.add("Content-Type", "application/json")
            bytes = Array(try JSONSerialization.data(withJSONObject: body))
        }
        let response = try await cluster.client.send(
            method, cluster.gatewayURL + path, headers: headers, body: bytes, timeout: .seconds(30))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return Response(status: response.status, json: json, raw: String(decoding: response.body, as: UTF8.self))
    }

    /// Polls `path` until `done` is true; returns the final body.
    func waitDone(_ path: String, timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            let response = try await call(.GET, path)
            last = response.raw
            if response.status == 200, response.json["done"] as? Bool == true { return response.json }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterError("\(path) not done after \(timeout); last answer: \(last)")
    }

    /// The user's spendable kudos as the API shows them, once the ledger has settled to `expected` (or timeout).
    func kudos(ofUser id: Int, settlingAt expected: Double? = nil, timeout: Duration = .seconds(20)) async throws -> Double {
        let deadline = ContinuousClock.now + timeout
        var value = 0.0
        repeat {
            let response = try await call(.GET, "/api/v2/users/\(id)")
            value = (response.json["kudos"] as? Double) ?? Double(response.json["kudos"] as? Int ?? 0)
            if let expected, abs(value - expected) < 0.011 { return value }
            if expected == nil { return value }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        return value
    }
}
