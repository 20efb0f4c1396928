import Foundation
import HTTP
import HordeCore

/// Time from `POST …/async` to the status reporting `done`, one request at a time, through the whole cluster.
struct LatencyBench {
    let options: Options

    func run() async throws {
        let base = options.string("url", "http://127.0.0.1:7001")
        let key = options.string("key", "0000000000")
        let count = options.int("requests", 100)
        let kind = options.string("kind", "text")
        let client = HTTPClient.shared
        var headers = HTTPHeaders()
        headers.add("apikey", key)
        headers.add("Content-Type", "application/json")
        headers.add("Client-Agent", "horde-bench:1:local")
        let asyncPath = kind == "image" ? "/api/v2/generate/async" : "/api/v2/generate/text/async"
        let statusPath = kind == "image" ? "/api/v2/generate/check/" : "/api/v2/generate/text/status/"
        let body =
            kind == "image"
            ? #"{"prompt":"a lighthouse at dusk","params":{"width":64,"height":64,"steps":10,"n":1}}"#
            : #"{"prompt":"Once upon a time","params":{"max_length":16,"max_context_length":256,"n":1}}"#

        var samples: [Duration] = []
        // One warm-up request so connection set-up and first-use costs stay out of the figures.
        for index in 0..<(count + 1) {
            let start = ContinuousClock.now
            let created = try await client.send(.POST, base + asyncPath, headers: headers, body: Array(body.utf8))
            guard created.status == 202,
                let object = try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any],
                let id = object["id"] as? String
            else {
                throw BenchError("async answered \(created.status): \(String(decoding: created.body, as: UTF8.self))")
            }
            let deadline = start + .seconds(30)
            while true {
                let status = try await client.send(.GET, base + statusPath + id, headers: headers)
                if status.status == 200,
                    let object = try JSONSerialization.jsonObject(with: Data(status.body)) as? [String: Any],
                    object["done"] as? Bool == true
                {
                    break
                }
                if ContinuousClock.now > deadline { throw BenchError("request \(id) not done after 30 s") }
                try await Task.sleep(for: .milliseconds(1))
            }
            if index > 0 { samples.append(ContinuousClock.now - start) }
        }
        print("async→done (\(kind)): \(Summary(samples))")
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
