import Foundation
import Testing

@testable import Domain
@testable import Messages

/// Builders for the matching tests.
enum MatchFixtures {
    static func request(
        kind: RequestKind = .image, userId: Int = 5, models: [String] = ["stable_diffusion"], pixels: Int = 262_144,
        maxLength: Int = 80, maxContextLength: Int = 1024, nsfw: Bool = false, trustedWorkers: Bool = false,
        slowWorkers: Bool = true, extraSlowWorkers: Bool = false, workers: [UUID] = [], workerBlacklist: Bool = false,
        prompt: String = "a red fox"
    ) -> RequestCreated {
        RequestCreated(
            requestId: UUID(), kind: kind, userId: userId, priority: 0, models: models, n: 1,
            payload: ["prompt": .string(prompt)], kudosPerJob: 10, costPerJob: 11, thingsPerJob: 1,
            pixels: kind == .image ? pixels : 0, maxLength: kind == .text ? maxLength : 0,
            maxContextLength: kind == .text ? maxContextLength : 0, nsfw: nsfw, trustedWorkers: trustedWorkers,
            slowWorkers: slowWorkers, extraSlowWorkers: extraSlowWorkers, workers: workers,
            workerBlacklist: workerBlacklist, jobTTLSeconds: 150, createdAt: Date(), expiresAt: Date() + 1200)
    }

    static func worker(
        kind: RequestKind = .image, ownerId: Int = 9, models: [String] = ["stable_diffusion"], maxPixels: Int = 262_144,
        nsfw: Bool = false, trusted: Bool = false, blacklist: [String] = [], speed: Double? = nil,
        extraSlow: Bool = false, maintenance: Bool = false
    ) -> WorkerProfile {
        WorkerProfile(
            workerId: UUID(), name: "w-\(UUID().uuidString.prefix(6))", ownerId: ownerId, ownerTrusted: trusted,
            kind: kind, models: models, bridgeAgent: "horde-worker:1:local", nsfw: nsfw, maxPixels: maxPixels,
            blacklist: blacklist, maintenance: maintenance, speed: speed, extraSlow: extraSlow)
    }
}

@Suite struct PopMatchingTests {
    typealias F = MatchFixtures

    @Test func aPlainRequestMatchesAPlainWorker() {
        #expect(PopMatching.skipReason(request: F.request(), worker: F.worker()) == nil)
    }

    @Test func kindAndModelsMustMatch() {
        #expect(PopMatching.skipReason(request: F.request(kind: .text), worker: F.worker()) == .models)
        #expect(PopMatching.skipReason(request: F.request(models: ["flux"]), worker: F.worker()) == .models)
        #expect(PopMatching.skipReason(request: F.request(models: []), worker: F.worker(models: ["x"])) == nil)
        #expect(PopMatching.skipReason(request: F.request(models: ["a", "b"]), worker: F.worker(models: ["b"])) == nil)
        // An image worker that declared no models serves stable_diffusion.
        #expect(PopMatching.skipReason(request: F.request(), worker: F.worker(models: [])) == nil)
    }

    @Test func sizeLimits() {
        #expect(PopMatching.skipReason(request: F.request(pixels: 1024 * 1024), worker: F.worker()) == .maxPixels)
        let text = F.request(kind: .text, models: [], maxLength: 600)
        var worker = F.worker(kind: .text, models: ["m-7B"])
        worker.maxLength = 512
        #expect(PopMatching.skipReason(request: text, worker: worker) == .maxLength)
        worker.maxLength = 1024
        worker.maxContextLength = 512
        #expect(PopMatching.skipReason(request: text, worker: worker) == .maxContextLength)
        worker.maxContextLength = 4096
        #expect(PopMatching.skipReason(request: text, worker: worker) == nil)
    }

    @Test func nsfwAndTrust() {
        #expect(PopMatching.skipReason(request: F.request(nsfw: true), worker: F.worker(nsfw: false)) == .nsfw)
        #expect(PopMatching.skipReason(request: F.request(nsfw: true), worker: F.worker(nsfw: true)) == nil)
        #expect(PopMatching.skipReason(request: F.request(trustedWorkers: true), worker: F.worker()) == .untrusted)
        #expect(
            PopMatching.skipReason(request: F.request(trustedWorkers: true), worker: F.worker(trusted: true)) == nil)
    }

    @Test func workerAllowAndDenyLists() {
        let worker = F.worker()
        #expect(PopMatching.skipReason(request: F.request(workers: [UUID()]), worker: worker) == .workerId)
        #expect(PopMatching.skipReason(request: F.request(workers: [worker.workerId]), worker: worker) == nil)
        #expect(
            PopMatching.skipReason(
                request: F.request(workers: [worker.workerId], workerBlacklist: true), worker: worker)
                == .workerId)
        #expect(
            PopMatching.skipReason(request: F.request(workers: [UUID()], workerBlacklist: true), worker: worker) == nil)
    }

    @Test func speedClasses() {
        #expect(PopMatching.skipReason(request: F.request(), worker: F.worker(extraSlow: true)) == .performance)
        #expect(
            PopMatching.skipReason(request: F.request(extraSlowWorkers: true), worker: F.worker(extraSlow: true)) == nil
        )
        #expect(
            PopMatching.skipReason(request: F.request(slowWorkers: false), worker: F.worker(speed: 0.2)) == .performance
        )
        #expect(PopMatching.skipReason(request: F.request(slowWorkers: false), worker: F.worker(speed: 0.9)) == nil)
    }

    @Test func blacklistIsACaseInsensitiveSubstringOfThePrompt() {
        #expect(
            PopMatching.skipReason(request: F.request(prompt: "A Red FOX"), worker: F.worker(blacklist: ["fox"]))
                == .blacklist)
        #expect(
            PopMatching.skipReason(request: F.request(prompt: "a cat"), worker: F.worker(blacklist: ["fox"])) == nil)
    }

    @Test func maintenanceWorkersOnlyServeTheirOwner() {
        let worker = F.worker(ownerId: 3, maintenance: true)
        #expect(PopMatching.skipReason(request: F.request(userId: 4), worker: worker) == .secret)
        #expect(PopMatching.skipReason(request: F.request(userId: 3), worker: worker) == nil)
    }

    @Test func chosenModelIsOneBothSidesKnow() {
        let request = F.request(models: ["a", "b", "c"])
        let worker = F.worker(models: ["c", "b", "z"])
        for _ in 0..<20 { #expect(["b", "c"].contains(PopMatching.chooseModel(request: request, worker: worker))) }
        #expect(PopMatching.chooseModel(request: F.request(models: []), worker: F.worker(models: ["z"])) == "z")
    }

    @Test func skippedObjectCarriesTheAlwaysPresentImageKeys() {
        var skipped = SkippedCounts()
        skipped.add(.maxPixels, 2)
        skipped.add(.secret)
        let image = skipped.wire(kind: .image)
        #expect(image["max_pixels"] == 2)
        #expect(image["models"] == 0)
        #expect(image["worker_id"] == 0)
        #expect(image["secret"] == nil)
        #expect(skipped.wire(kind: .text) == ["max_pixels": 2])
    }
}
