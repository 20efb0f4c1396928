import Foundation
import HTTP
import HordeCore
import Synchronization

/// Open-loop latency at a constant request rate: request i is due at start + i/rate whether or not earlier ones
/// have answered, and its latency counts from that due time (so a stall shows up in the figures instead of
/// slowing the load down). Requests share `--connections` keep-alive connections.
///
///     horde-bench rate --url URL --key KEY [--kind text|image|check] [--rate 1000] [--seconds 10]
///                      [--connections 64] [--path PATH] [--warmup 1] [--timeline 1]
///
/// `text` and `image` POST a small request to the `async` endpoint; `check` creates one image request and then
/// polls its `check` (the cached path); `--path` GETs any path instead. The first `--warmup` seconds (default 1) run at the same rate unrecorded, so the connections and the server's
/// pools have grown to the load before measuring. `--timeline 1` also prints the figures of
/// each second of the run, which tells a steady tail from a stall.
struct RateBench {
    /// The command line.
    let options: Options

    /// Runs the load and prints the figures.
    func run() async throws {
        let base = options.string("url", "http://127.0.0.1:7001")
        let rate = max(1, options.int("rate", 1000))
        let seconds = max(1, options.int("seconds", 10))
        let connections = options.int("connections", 64)
        let kind = options.string("kind", "text")
        let client = HTTPClient(maxConnectionsPerHost: connections)
        let headers: HTTPHeaders = [
            "apikey": options.string("key", "0000000000"), "Content-Type": "application/json",
            "Client-Agent": "horde-bench:1:local",
        ]
        let (method, url, body, expected) = try await target(kind: kind, base: base, client: client, headers: headers)

        // Warm up at the measured rate (connections, the server's pools and caches grow to the load), so set-up
        // costs stay out of the figures.
        let warmup = max(0, options.int("warmup", 1))
        for _ in 0..<min(connections, 64) { _ = try? await client.send(method, url, headers: headers, body: body) }
        if warmup > 0 {
            await Self.drive(
                total: rate * warmup, rate: rate, samples: LatencySamples(), failures: Tally(), expected: expected
            ) { try await client.send(method, url, headers: headers, body: body, timeout: .seconds(10)) }
        }

        let samples = LatencySamples()
        let failures = Tally()
        let start = ContinuousClock.now
        await Self.drive(total: rate * seconds, rate: rate, samples: samples, failures: failures, expected: expected) {
            try await client.send(method, url, headers: headers, body: body, timeout: .seconds(10))
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let collected = samples.all
        if options.int("timeline", 0) != 0 {
            for (second, latencies) in samples.bySecond { print("  second \(second): \(Summary(latencies).description)") }
        }
        print(String(
            format: "%@ at %d req/s for %d s over %d connections: achieved %.0f req/s, %d failed; %@", kind, rate, seconds,
            connections, Double(collected.count) / elapsed, failures.value,
            Summary(collected).description))
    }

    /// Sends `total` requests at `rate` per second, open loop, recording each latency from its due time.
    private static func drive(
        total: Int, rate: Int, samples: LatencySamples, failures: Tally, expected: Int,
        send: @escaping @Sendable () async throws -> HTTPClientResponse
    ) async {
        let interval = Duration.nanoseconds(1_000_000_000 / Int64(rate))
        let start = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            for index in 0..<total {
                let due = start + interval * index
                if due > ContinuousClock.now { try? await Task.sleep(until: due, clock: .continuous) }
                group.addTask {
                    let response = try? await send()
                    let latency = ContinuousClock.now - due
                    if response?.status == expected {
                        samples.add(latency, second: index / rate)
                    } else {
                        failures.add()
                    }
                }
            }
        }
    }

    /// What to send for `kind`.
    private func target(kind: String, base: String, client: HTTPClient, headers: HTTPHeaders) async throws
        -> (HTTPMethod, String, [UInt8], Int)
    {
        let path = options.string("path", "")
        if !path.isEmpty { return (.GET, base + path, [], 200) }
        switch kind {
        case "image":
            let body = #"{"prompt":"a lighthouse at dusk","params":{"width":64,"height":64,"steps":10,"n":1}}"#
            return (.POST, base + "/api/v2/generate/async", Array(body.utf8), 202)
        case "check":
            let body = #"{"prompt":"a lighthouse at dusk","params":{"width":64,"height":64,"steps":10,"n":1}}"#
            let created = try await client.send(
                .POST, base + "/api/v2/generate/async", headers: headers, body: Array(body.utf8))
            guard created.status == 202,
                let object = try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any],
                let id = object["id"] as? String
            else {
                throw BenchError("async answered \(created.status): \(String(decoding: created.body, as: UTF8.self))")
            }
            return (.GET, base + "/api/v2/generate/check/" + id, [], 200)
        default:
            let body = #"{"prompt":"Once upon a time","params":{"max_length":16,"max_context_length":256,"n":1}}"#
            return (.POST, base + "/api/v2/generate/text/async", Array(body.utf8), 202)
        }
    }
}

/// Latencies collected by the request tasks.
final class LatencySamples: Sendable {
    private let samples = Mutex<[(second: Int, latency: Duration)]>([])

    /// Records one latency, of a request due in `second` of the run.
    func add(_ sample: Duration, second: Int = 0) { samples.withLock { $0.append((second, sample)) } }
    /// Every latency recorded.
    var all: [Duration] { samples.withLock { $0.map(\.latency) } }
    /// The latencies of each second of the run, in order.
    var bySecond: [(Int, [Duration])] {
        Dictionary(grouping: samples.withLock { $0 }, by: \.second).sorted { $0.key < $1.key }
            .map { ($0.key, $0.value.map(\.latency)) }
    }
}
