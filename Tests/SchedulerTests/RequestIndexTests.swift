import Domain
import Foundation
import Messages
import Testing

@testable import Scheduler

@Suite struct RequestIndexTests {
    typealias F = Fixtures

    @Test func popsGetTheBestMatchingRequestFirst() {
        var index = RequestIndex()
        let low = F.request(priority: 1, createdOffset: 0)
        let highYoung = F.request(priority: 1000, createdOffset: 5)
        let highOld = F.request(priority: 1000, createdOffset: 1)
        for request in [low, highYoung, highOld] { index.apply(F.queued(request)) }
        let scan = index.candidates(for: F.worker(), limit: 3, maxExamined: 100)
        #expect(scan.candidates.map(\.id) == [highOld.requestId, highYoung.requestId, low.requestId])
    }

    @Test func onlyTheWorkersModelBucketsAreWalked() {
        var index = RequestIndex()
        for offset in 0..<500 { index.apply(F.queued(F.request(createdOffset: Double(offset), models: ["other"]))) }
        let mine = F.request(createdOffset: 999, models: ["mine"])
        let anyModel = F.request(createdOffset: 1000, models: [])
        index.apply(F.queued(mine))
        index.apply(F.queued(anyModel))
        let scan = index.candidates(for: F.worker(models: ["mine"]), limit: 5, maxExamined: 100)
        #expect(scan.candidates.map(\.id) == [mine.requestId, anyModel.requestId])
        #expect(scan.examined == 2)
        #expect(scan.skipped[.models] == 500)
    }

    @Test func aRequestNamingSeveralServedModelsIsOfferedOnce() {
        var index = RequestIndex()
        let both = F.request(models: ["a", "b"])
        index.apply(F.queued(both))
        let scan = index.candidates(for: F.worker(models: ["a", "b"]), limit: 5, maxExamined: 100)
        #expect(scan.candidates.map(\.id) == [both.requestId])
        #expect(scan.skipped[.models] == 0)
    }

    @Test func kindsAreSeparate() {
        var index = RequestIndex()
        index.apply(F.queued(F.request(kind: .text, models: [])))
        #expect(index.candidates(for: F.worker(), limit: 5, maxExamined: 100).candidates.isEmpty)
        #expect(
            index.candidates(for: F.worker(kind: .text, models: ["x"]), limit: 5, maxExamined: 100).candidates.count
                == 1)
    }

    @Test func passedOverRequestsAreCountedPerReason() {
        var index = RequestIndex()
        index.apply(F.queued(F.request(createdOffset: 0, pixels: 2048 * 2048)))
        index.apply(F.queued(F.request(createdOffset: 1, nsfw: true)))
        index.apply(F.queued(F.request(createdOffset: 2, trustedWorkers: true)))
        index.apply(F.queued(F.request(createdOffset: 3, models: ["flux"])))
        let fits = F.request(createdOffset: 4)
        index.apply(F.queued(fits))
        let scan = index.candidates(for: F.worker(), limit: 1, maxExamined: 100)
        #expect(scan.candidates.map(\.id) == [fits.requestId])
        #expect(scan.skipped[.maxPixels] == 1)
        #expect(scan.skipped[.nsfw] == 1)
        #expect(scan.skipped[.untrusted] == 1)
        #expect(scan.skipped.wire(kind: .image)["models"] == 1)
    }

    @Test func aStaleStateNeverOverwritesANewerOne() {
        var index = RequestIndex()
        let request = F.request(n: 4)
        index.apply(F.queued(request, waiting: 4, version: 1))
        index.apply(F.queued(request, waiting: 2, version: 3))
        let olderApplied = index.apply(F.queued(request, waiting: 3, version: 2))
        #expect(!olderApplied)
        #expect(index.entry(request.requestId)?.waiting == 2)
        // Removed at version 5 (cancelled): a late pop result from version 4 must not bring it back.
        index.remove(request.requestId, version: 5)
        let lateApplied = index.apply(F.queued(request, waiting: 1, version: 4))
        #expect(!lateApplied)
        #expect(index.entry(request.requestId) == nil)
        // A slot coming back later (version 6) does.
        let newerApplied = index.apply(F.queued(request, waiting: 1, version: 6))
        #expect(newerApplied)
        #expect(index.count(.image) == 1)
    }

    @Test func aRequestWithNothingWaitingLeavesTheIndex() {
        var index = RequestIndex()
        let request = F.request(models: ["a", "b"])
        index.apply(F.queued(request, waiting: 1, version: 1))
        index.apply(F.queued(request, waiting: 0, version: 2))
        #expect(index.count(.image) == 0)
        #expect(index.candidates(for: F.worker(models: ["a", "b"]), limit: 5, maxExamined: 100).candidates.isEmpty)
    }

    @Test func examinationIsBounded() {
        var index = RequestIndex()
        for offset in 0..<50 { index.apply(F.queued(F.request(createdOffset: Double(offset), nsfw: true))) }
        let scan = index.candidates(for: F.worker(), limit: 5, maxExamined: 10)
        #expect(scan.examined == 10)
        #expect(scan.candidates.isEmpty)
        #expect(scan.skipped[.nsfw] == 10)
    }

    @Test func popCostStaysFlatAsTheQueueGrows() {
        var index = RequestIndex()
        var generator = SeededGenerator(state: 7)
        let models = (0..<50).map { "model-\($0)" }
        for offset in 0..<100_000 {
            let model = models[Int.random(in: 0..<models.count, using: &generator)]
            index.apply(
                F.queued(F.request(priority: Double(offset % 97), createdOffset: Double(offset), models: [model])))
        }
        let worker = F.worker(models: ["model-7"])
        let clock = ContinuousClock()
        var scan = CandidateScan()
        let elapsed = clock.measure { scan = index.candidates(for: worker, limit: 1, maxExamined: 1000) }
        #expect(scan.examined == 1)
        #expect(scan.candidates.first?.request.models == ["model-7"])
        #expect(elapsed < .milliseconds(50))
        let best = index.ordered(.image).first { $0.request.models == ["model-7"] }
        #expect(scan.candidates.first?.id == best?.id)
    }
}
