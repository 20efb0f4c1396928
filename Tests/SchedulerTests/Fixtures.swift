import Foundation
import HordeTestSupport
import Messages

@testable import Scheduler

/// Builders for requests and workers in scheduler tests.
enum Fixtures {
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000)

    static func request(
        kind: RequestKind = .image, userId: Int = 5, priority: Double = 0, createdOffset: Double = 0,
        models: [String] = ["stable_diffusion"], n: Int = 1, pixels: Int = 512 * 512, nsfw: Bool = false,
        trustedWorkers: Bool = false, payload: JSONValue? = nil, disableBatching: Bool = false,
        jobTTLSeconds: Int = 150, id: UUID = UUID()
    ) -> RequestCreated {
        RequestCreated(
            requestId: id, kind: kind, userId: userId, priority: priority, models: models, n: n,
            payload: payload ?? ["prompt": "a lighthouse at dusk", "width": 512, "height": 512, "steps": 30],
            kudosPerJob: 10, costPerJob: 11, thingsPerJob: 7_864_320, pixels: kind == .image ? pixels : 0,
            maxLength: kind == .text ? 80 : 0, maxContextLength: kind == .text ? 1024 : 0, nsfw: nsfw,
            trustedWorkers: trustedWorkers, disableBatching: disableBatching, jobTTLSeconds: jobTTLSeconds,
            createdAt: epoch.addingTimeInterval(createdOffset),
            expiresAt: epoch.addingTimeInterval(createdOffset + 1200))
    }

    static func worker(
        kind: RequestKind = .image, models: [String] = ["stable_diffusion"], maxPixels: Int = 1024 * 1024,
        amount: Int = 1, nsfw: Bool = false, trusted: Bool = false, ownerId: Int = 9, name: String? = nil
    ) -> WorkerProfile {
        let name = name ?? "worker-\(UUID().uuidString.prefix(8))"
        return WorkerProfile(
            workerId: UUID(), name: name, ownerId: ownerId, ownerTrusted: trusted, kind: kind, models: models,
            bridgeAgent: "horde-worker:1.0:local", nsfw: nsfw, maxPixels: maxPixels, maxLength: 512,
            maxContextLength: 4096, amount: amount)
    }

    static func queued(_ request: RequestCreated, waiting: Int? = nil, version: Int64 = 1) -> QueuedRequest {
        QueuedRequest(request: request, waiting: waiting ?? request.n, version: version)
    }

    static func pop(
        _ worker: WorkerProfile, waitMilliseconds: Int = 2000, deadline: Date = Date() + 10, replyTopic: String? = nil
    ) -> PopRequest {
        // Topics must not be read before the test run's topic prefix is set.
        _ = IntegrationSupport.runId
        return PopRequest(
            worker: worker, replyTopic: replyTopic ?? Topics.workerJobs.name,
            replyTo: worker.workerId.uuidString.lowercased(),
            waitMilliseconds: waitMilliseconds, deadline: deadline)
    }
}

/// A small deterministic generator, so randomized tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
