import Foundation
import Messages

/// Decoding the hot paths' JSON with `JSONDecoder` and with `JSONValueDecoder` (the tree), per message kind:
/// a worker's pop body, a scheduler's pop answer, a request event envelope and a stored request.
///
///     horde-bench json [--iterations 20000]
struct JSONBench {
    let options: Options

    func run() throws {
        let iterations = options.int("iterations", 20_000)
        let requestId = UUID()
        let created = RequestCreated(
            requestId: requestId, kind: .image, userId: 42, priority: 10, models: ["stable_diffusion"], n: 4,
            payload: [
                "prompt": "a lighthouse at dusk, oil on canvas", "width": 512, "height": 768, "steps": 30,
                "sampler_name": "k_euler_a", "cfg_scale": 7.5, "seed": "1234", "post_processing": ["RealESRGAN_x4plus"],
            ], kudosPerJob: 10, costPerJob: 11, thingsPerJob: 7_864_320, pixels: 512 * 768, jobTTLSeconds: 150,
            createdAt: Date(), expiresAt: Date().addingTimeInterval(1200))
        let completed = Envelope(
            payload: RequestEvent.jobCompleted(
                JobCompleted(
                    jobId: UUID(), requestId: requestId, kind: .image, requesterId: 42, workerId: UUID(),
                    workerName: "worker-one", workerOwnerId: 7, model: "stable_diffusion", outcome: .ok, cost: 11,
                    reward: 10, rewardBeforeBridge: 10, things: 7_864_320, seed: "1234", webhook: nil,
                    completedAt: Date(), seconds: 1.5, requestDone: false)))
        let reply = PopReply(
            popId: UUID(), replyTo: "gateway-1", workerId: UUID(),
            assignment: JobAssignment(
                requestId: requestId, kind: .image, jobIds: [UUID()], model: "stable_diffusion",
                payload: created.payload, ttlSeconds: 150, sourceProcessing: nil),
            skipped: [:])
        let pop = Array(
            #"{"name":"bench-worker","models":["stable_diffusion","deliberate"],"bridge_agent":"AI Horde Worker reGen:13.0.0:bench","amount":1,"max_pixels":262144,"nsfw":true,"threads":1,"allow_img2img":true,"allow_lora":false}"#
                .utf8)

        let wire = JSONValueDecoder(dates: .milliseconds, fallback: WireCoding.decoder)
        let api = JSONValueDecoder(dates: .iso8601, fallback: APICoding.decoder)
        try compare("pop body (API)", pop, PopInputStable.self, iterations, api, APICoding.decoder())
        try compare("pop answer (wire)", try WireCoding.encode(value: reply), PopReply.self, iterations, wire,
            WireCoding.decoder())
        try compare(
            "job.completed envelope (wire)", try WireCoding.encode(completed), Envelope<RequestEvent>.self,
            iterations, wire, WireCoding.decoder()
        ) { $0.id == $1.id && $0.occurredAt == $1.occurredAt && $0.payload == $1.payload }
        try compare("stored request (wire)", try WireCoding.encode(value: created), RequestCreated.self, iterations,
            wire, WireCoding.decoder())
    }

    private func compare<T: Decodable & Equatable>(
        _ name: String, _ bytes: [UInt8], _ type: T.Type, _ iterations: Int, _ tree: JSONValueDecoder,
        _ foundation: JSONDecoder
    ) throws {
        try compare(name, bytes, type, iterations, tree, foundation, same: ==)
    }

    private func compare<T: Decodable>(
        _ name: String, _ bytes: [UInt8], _ type: T.Type, _ iterations: Int, _ tree: JSONValueDecoder,
        _ foundation: JSONDecoder, same: (T, T) -> Bool
    ) throws {
        guard same(try tree.decode(type, from: bytes), try foundation.decode(type, from: Data(bytes))) else {
            throw BenchError("\(name): the decoders disagree")
        }
        let data = Data(bytes)
        let clock = ContinuousClock()
        let slow = try clock.measure { for _ in 0..<iterations { _ = try foundation.decode(type, from: data) } }
        let fast = try clock.measure { for _ in 0..<iterations { _ = try tree.decode(type, from: bytes) } }
        let perSlow = slow.seconds / Double(iterations) * 1e6
        let perFast = fast.seconds / Double(iterations) * 1e6
        print(
            String(
                format: "%-32@ %5d bytes  JSONDecoder %6.1f µs  tree %6.1f µs  (%.1f×)", name as NSString, bytes.count,
                perSlow, perFast, perSlow / perFast))
    }
}
