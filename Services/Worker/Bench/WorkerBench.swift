import Foundation
import HTTP
import HordeCore
import Messages
import Synchronization

/// `horde-worker bench`: the worker's own cost per job with the CPU backend, against an AI-Horde-compatible fake
/// gateway on loopback (in this process), phase by phase: pop (HTTP round trip and answer decoding), decode
/// (payload to job parameters), encode (PNG and base64) and submit (HTTP round trip). Rendering is the
/// backend's work, not overhead, and is reported apart.
///
///     horde-worker bench [--jobs 500] [--width 64] [--height 64] [--warmup 50]
enum WorkerBench {
    /// Runs the benchmark with `arguments` (after `bench`) and returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        var options: [String: Int] = ["jobs": 500, "width": 64, "height": 64, "warmup": 50]
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--"), let value = iterator.next().flatMap(Int.init), value > 0 else {
                print("usage: horde-worker bench [--jobs N] [--width PX] [--height PX] [--warmup N]")
                return 2
            }
            options[String(argument.dropFirst(2))] = value
        }
        do {
            try await measure(
                jobs: options["jobs"] ?? 500, width: options["width"] ?? 64, height: options["height"] ?? 64,
                warmup: options["warmup"] ?? 50)
            return 0
        } catch {
            FileHandle.standardError.write(Data("horde-worker bench: \(error)\n".utf8))
            return 1
        }
    }

    private static func measure(jobs: Int, width: Int, height: Int, warmup: Int) async throws {
        let server = try await fakeGateway(width: width, height: height)
        let port = try await server.start()
        let serving = Task { try? await server.run() }
        defer { serving.cancel() }
        let api = HordeAPIClient(
            baseURL: "http://127.0.0.1:\(port)", apiKey: "bench-key", clientAgent: "horde-worker:bench:unknown",
            transport: SharedHTTPTransport())
        let body = PopRequestBody.image(
            name: "bench", models: ["stable_diffusion"], bridgeAgent: "horde-worker:bench:unknown", nsfw: true, threads: 1,
            amount: 1, maxPixels: width * height)
        var pop: [Duration] = []
        var decode: [Duration] = []
        var render: [Duration] = []
        var encode: [Duration] = []
        var submit: [Duration] = []
        var overhead: [Duration] = []
        let clock = ContinuousClock()
        for round in 0..<(warmup + jobs) {
            let t0 = clock.now
            let response = try await api.pop(.image, body)
            guard let job = WorkerJob(kind: .image, response: response, fallbackModel: "stable_diffusion") else {
                throw BenchFailure(description: "the fake gateway handed out no job")
            }
            let t1 = clock.now
            let parameters = ImageJobParameters(payload: job.payload, fallbackSeed: job.fallbackSeed)
            let t2 = clock.now
            let pixels = ImageRenderer.render(
                prompt: parameters.prompt + "###" + parameters.negativePrompt, seed: parameters.seed,
                width: parameters.width, height: parameters.height)
            let t3 = clock.now
            let png = try PNGEncoder.encode(width: parameters.width, height: parameters.height, rgb: pixels)
            let generation = Data(png).base64EncodedString()
            let t4 = clock.now
            _ = try await api.submit(.image, .image(id: job.jobIds[0], generation: generation, seed: parameters.seed))
            let t5 = clock.now
            guard round >= warmup else { continue }
            pop.append(t1 - t0)
            decode.append(t2 - t1)
            render.append(t3 - t2)
            encode.append(t4 - t3)
            submit.append(t5 - t4)
            overhead.append((t5 - t0) - (t3 - t2))
        }
        await server.shutdown()
        print("horde-worker bench: \(jobs) image jobs of \(width)x\(height), CPU backend, loopback gateway")
        for (name, samples) in [("pop", pop), ("decode", decode), ("encode", encode), ("submit", submit),
                                ("overhead", overhead), ("render (not overhead)", render)] {
            print("  \(name): \(describe(samples))")
        }
    }

    /// A gateway that hands every pop one job and accepts every submit.
    private static func fakeGateway(width: Int, height: Int) async throws -> HTTPServer {
        let counter = Counter()
        var router = Router()
        router.add(.POST, "/api/v2/generate/pop") { _ in
            let id = "00000000-0000-4000-8000-\(String(format: "%012d", counter.next()))"
            let answer: JSONValue = [
                "payload": ["prompt": "a lighthouse on a cliff at dusk###blurry", "width": .number(Double(width)),
                            "height": .number(Double(height)), "ddim_steps": 30, "sampler_name": "k_euler_a",
                            "cfg_scale": 7.5, "seed": "1234", "n_iter": 1],
                "id": .string(id), "ids": [.string(id)], "model": "stable_diffusion", "ttl": 150, "skipped": [:],
            ]
            return HTTPResponse.json(200, answer)
        }
        router.add(.POST, "/api/v2/generate/submit") { _ in HTTPResponse.json(200, ["reward": 10] as JSONValue) }
        var config = HTTPServerConfig()
        config.port = 0
        config.shutdownGracePeriod = .milliseconds(100)
        return HTTPServer(config: config, logger: Logger(label: "bench-gateway", level: .critical), handler: router.handler())
    }

    private static func describe(_ samples: [Duration]) -> String {
        let sorted = samples.map { $0.seconds * 1000 }.sorted()
        func at(_ fraction: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))]
        }
        return String(format: "median %.3f ms, p90 %.3f ms, p99 %.3f ms", at(0.5), at(0.9), at(0.99))
    }

    /// Why the benchmark could not run.
    struct BenchFailure: Error, CustomStringConvertible {
        /// What went wrong.
        var description: String
    }

    /// Job ids for the fake gateway.
    private final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}
