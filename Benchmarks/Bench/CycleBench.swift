import Foundation
import HTTP
import HordeCore
import Synchronization

/// Complete pop+submit cycles through the gateway: the queue is stocked with image requests first, then N
/// external workers pop and submit as fast as they can for a fixed time. A submit is answered once the gateway
/// stored it; the scheduler settles it afterwards, so the run then polls `check` on the stocked requests until
/// every submitted job shows as finished, and reports how long that took: the rate the whole horde sustains is
/// the cycles over the run and that catch-up together.
///
///     horde-bench cycles --url URL --key KEY [--workers 16] [--requests 600] [--n 20] [--seconds 10]
struct CycleBench {
    let options: Options

    /// A 1×1 PNG: the smallest image the submit accepts.
    static let image =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

    func run() async throws {
        let base = options.string("url", "http://127.0.0.1:7001")
        let key = options.string("key", "")
        let workers = options.int("workers", 16)
        let requests = options.int("requests", 600)
        let n = options.int("n", 20)
        let seconds = options.int("seconds", 10)
        let model = options.string("model", "bench-\(UUID().uuidString.prefix(8).lowercased())")
        let client = HTTPClient(maxConnectionsPerHost: workers + 8)
        let headers: HTTPHeaders = {
            var headers = HTTPHeaders()
            headers.add("apikey", key)
            headers.add("Content-Type", "application/json")
            headers.add("Client-Agent", "horde-bench:1:local")
            return headers
        }()

        // Stock the queue: every job the workers take is already waiting when the clock starts.
        let asyncBody = Array(
            #"{"prompt":"a lighthouse at dusk","params":{"width":64,"height":64,"steps":1,"n":\#(n)},"models":["\#(model)"]}"#
                .utf8)
        let stocked = Tally()
        let requestIds = SampleLog<String>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask {
                    for _ in stride(from: lane, to: requests, by: 8) {
                        let response = try await client.send(
                            .POST, base + "/api/v2/generate/async", headers: headers, body: asyncBody)
                        guard response.status == 202 else {
                            throw BenchError(
                                "async answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
                        }
                        stocked.add()
                        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                            let id = object["id"] as? String
                        {
                            requestIds.add(id)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        print("queued \(stocked.value) requests × \(n) images for model \(model); \(workers) workers for \(seconds) s")
        // Let the scheduler consume the requests before the clock starts.
        try await Task.sleep(for: .seconds(2))

        let cycles = Tally()
        let empty = Tally()
        let failures = Tally()
        let popSamples = SampleLog<Duration>()
        let submitSamples = SampleLog<Duration>()
        let start = ContinuousClock.now
        let deadline = start + .seconds(seconds)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<workers {
                group.addTask {
                    let pop = Array(
                        #"{"name":"bench-\#(model)-\#(index)","models":["\#(model)"],"bridge_agent":"AI Horde Worker reGen:13.0.0:bench","amount":1,"max_pixels":262144,"nsfw":true,"threads":1}"#
                            .utf8)
                    while ContinuousClock.now < deadline {
                        do {
                            let popStart = ContinuousClock.now
                            let response = try await client.send(
                                .POST, base + "/api/v2/generate/pop", headers: headers, body: pop)
                            popSamples.add(ContinuousClock.now - popStart)
                            guard response.status == 200,
                                let object = try JSONSerialization.jsonObject(with: Data(response.body))
                                    as? [String: Any]
                            else {
                                failures.add()
                                continue
                            }
                            let ids = object["ids"] as? [String] ?? []
                            if ids.isEmpty { empty.add() }
                            for id in ids {
                                let submit = Array(
                                    #"{"id":"\#(id)","generation":"\#(Self.image)","state":"ok","seed":"1"}"#.utf8)
                                let submitStart = ContinuousClock.now
                                let answer = try await client.send(
                                    .POST, base + "/api/v2/generate/submit", headers: headers, body: submit)
                                submitSamples.add(ContinuousClock.now - submitStart)
                                if answer.status == 200 { cycles.add() } else { failures.add() }
                            }
                        } catch {
                            failures.add()
                        }
                    }
                }
            }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        print(
            String(
                format: "%d pop+submit cycles in %.1f s: %.0f cycles/s (%d empty pops, %d failures)", cycles.value,
                elapsed, Double(cycles.value) / elapsed, empty.value, failures.value))
        print("pop:    \(Summary(popSamples.values))")
        print("submit: \(Summary(submitSamples.values))")

        let catchUp = ContinuousClock.now
        var settled = 0
        while true {
            settled = try await finishedJobs(requestIds.values, client: client, base: base, headers: headers)
            if settled >= cycles.value || ContinuousClock.now - catchUp > .seconds(120) { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let lag = (ContinuousClock.now - catchUp).seconds
        print(
            String(
                format: "settled: %d of %d submitted jobs finished %.1f s after the run; sustained %.0f cycles/s",
                settled, cycles.value, lag, Double(min(settled, cycles.value)) / (elapsed + lag)))
    }

    /// The jobs `check` shows finished, summed over `ids`.
    private func finishedJobs(_ ids: [String], client: HTTPClient, base: String, headers: HTTPHeaders) async throws
        -> Int
    {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for lane in 0..<16 {
                group.addTask {
                    var finished = 0
                    for index in stride(from: lane, to: ids.count, by: 16) {
                        let response = try await client.send(
                            .GET, base + "/api/v2/generate/check/" + ids[index], headers: headers, body: [])
                        guard response.status == 200,
                            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                        else { continue }
                        finished += object["finished"] as? Int ?? 0
                    }
                    return finished
                }
            }
            return try await group.reduce(0, +)
        }
    }
}

/// Values collected by concurrent tasks.
final class SampleLog<Value: Sendable>: Sendable {
    private let samples = Mutex<[Value]>([])
    func add(_ sample: Value) { samples.withLock { $0.append(sample) } }
    var values: [Value] { samples.withLock { $0 } }
}
