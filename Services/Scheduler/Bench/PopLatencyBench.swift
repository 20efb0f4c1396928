import Foundation
import Messages

/// `horde-scheduler bench-pops`: the scheduler's pop path in memory (the index walk, every matching criterion,
/// the claim's index update; Postgres and Kafka are in the cycle benchmark) against queue depths of 100 to 100,000
/// waiting requests spread over 200 models. Prints one line per depth; the curve should stay flat.
struct PopLatencyBench {
    /// Queue depths measured.
    var depths = [100, 1_000, 10_000, 100_000]
    /// Models the requests spread over.
    var models = 200
    /// Timed pops per depth.
    var pops = 20_000

    /// Runs the benchmark and prints the curve: wall-clock time, and the CPU time of the measuring thread (the
    /// work itself, without the time the OS gave other processes on a busy machine).
    func run() async {
        var generator = SystemRandomNumberGenerator()
        let names = (0..<models).map { "model-\($0)" }
        print("pop latency (index walk + matching + claim update), \(models) models, \(pops) pops per depth, in ms")
        print("depth     wall p50  wall p99  wall max  cpu p50   cpu p99   cpu max   served")
        for depth in depths {
            var index = RequestIndex()
            let epoch = Date()
            var next = 0
            func makeRequest() -> RequestCreated {
                next += 1
                return Self.request(number: next, names: names, epoch: epoch, using: &generator)
            }
            for _ in 0..<depth { index.apply(QueuedRequest(request: makeRequest(), waiting: 4, version: 1)) }
            var wall: [Double] = []
            var cpu: [Double] = []
            var served = 0
            let clock = ContinuousClock()
            for round in 0..<(pops + 1000) {
                let worker = Self.worker(names: names, using: &generator)
                let cpuStart = Self.threadCPUSeconds()
                let start = clock.now
                let scan = index.candidates(for: worker, limit: 5, maxExamined: 1000)
                if let chosen = scan.candidates.first {
                    // What a successful claim does to the index: one job fewer, a newer version.
                    let after = QueuedRequest(
                        request: chosen.request, waiting: chosen.waiting - 1, version: chosen.version + 1)
                    index.apply(after)
                    if after.waiting == 0 { index.apply(QueuedRequest(request: makeRequest(), waiting: 4, version: 1)) }
                }
                let elapsed = clock.now - start
                let cpuElapsed = Self.threadCPUSeconds() - cpuStart
                // The first pops warm caches and allocations up; they are not counted.
                guard round >= 1000 else { continue }
                wall.append(elapsed.seconds * 1000)
                cpu.append(cpuElapsed * 1000)
                if !scan.candidates.isEmpty { served += 1 }
            }
            wall.sort()
            cpu.sort()
            func at(_ sorted: [Double], _ fraction: Double) -> Double {
                sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
            }
            print(
                String(
                    format: "%-9d %-9.3f %-9.3f %-9.3f %-9.3f %-9.3f %-9.3f %d/%d", depth, at(wall, 0.5),
                    at(wall, 0.99), wall.last ?? 0, at(cpu, 0.5), at(cpu, 0.99), cpu.last ?? 0, served, wall.count))
        }
    }

    /// CPU time consumed by the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// A request for one or two of the models, most of them plain, some needing what few workers offer.
    static func request(
        number: Int, names: [String], epoch: Date, using generator: inout SystemRandomNumberGenerator
    ) -> RequestCreated {
        var models = [names.randomElement(using: &generator) ?? "model-0"]
        if Int.random(in: 0..<4, using: &generator) == 0 { models.append(names.randomElement(using: &generator) ?? "") }
        var payload: [String: JSONValue] = [
            "prompt": "a lighthouse at dusk", "width": 512, "height": 512, "ddim_steps": 30,
            "sampler_name": "k_euler_a", "karras": true,
        ]
        if number % 10 == 0 { payload["loras"] = [["name": "GlowingRunes"]] }
        if number % 7 == 0 { payload["post_processing"] = ["RealESRGAN_x4plus"] }
        return RequestCreated(
            requestId: UUID(), kind: .image, userId: 1000 + number % 500, priority: Double(number % 1000),
            models: models, n: 4, payload: .object(payload), kudosPerJob: 10, costPerJob: 11,
            thingsPerJob: 7_864_320, pixels: 512 * 512, nsfw: number % 5 == 0, jobTTLSeconds: 150,
            createdAt: epoch.addingTimeInterval(Double(number) / 1000), expiresAt: epoch.addingTimeInterval(1200))
    }

    /// A reGen worker serving one to five models, with the usual switches.
    static func worker(names: [String], using generator: inout SystemRandomNumberGenerator) -> WorkerProfile {
        let count = Int.random(in: 1...5, using: &generator)
        let models = (0..<count).map { _ in names.randomElement(using: &generator) ?? "model-0" }
        return WorkerProfile(
            workerId: UUID(), name: "bench", ownerId: 1, kind: .image, models: models,
            bridgeAgent: "AI Horde Worker reGen:13.0.0:bench", nsfw: Bool.random(using: &generator),
            maxPixels: 1024 * 1024, amount: 4, allowLora: Bool.random(using: &generator),
            blacklist: ["forbidden"], priorityUserIds: [42])
    }
}
