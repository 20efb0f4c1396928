import Domain
import Foundation
import Messages
import Testing

@testable import Scheduler

/// Matching of paused and tricked workers, in memory.
@Suite struct TrickedMatchingTests {
    typealias F = Fixtures

    @Test func aPausedWorkerMatchesOthersRequestsButMaintenanceDoesNot() {
        var paused = F.worker(ownerId: 9)
        paused.paused = true
        var maintained = F.worker(ownerId: 9)
        maintained.maintenance = true
        let others = F.request(userId: 5)
        let owners = F.request(userId: 9)
        #expect(PopMatcher(worker: paused).skipReason(others) == nil)
        #expect(PopMatcher(worker: paused).skipReason(owners) == nil)
        #expect(PopMatcher(worker: maintained).skipReason(others) == .secret)
        #expect(PopMatcher(worker: maintained).skipReason(owners) == nil)
    }

    @Test func anExcludedRequestIsSkippedSecretly() {
        var index = RequestIndex()
        let tricked = F.request(priority: 100)
        let fresh = F.request(priority: 1)
        for request in [tricked, fresh] { index.apply(F.queued(request)) }
        let scan = index.candidates(for: F.worker(), limit: 5, maxExamined: 100, excluding: [tricked.requestId])
        #expect(scan.candidates.map(\.id) == [fresh.requestId])
        #expect(scan.skipped.wire(kind: .image)["secret"] == nil)
    }

    @Test func theQueueRemembersTrickedPairsAcrossStateChanges() async {
        let queue = SchedulerQueue()
        let request = F.request(n: 2)
        let worker = F.worker()
        _ = await queue.apply(F.queued(request, version: 1))
        #expect(await queue.trick(request.requestId, worker: worker.workerId))
        #expect(!(await queue.trick(request.requestId, worker: worker.workerId)))
        // The request leaves the index (all jobs out) and comes back (a job timed out): still excluded.
        _ = await queue.apply(F.queued(request, waiting: 0, version: 2))
        _ = await queue.apply(F.queued(request, waiting: 1, version: 3))
        #expect(await queue.candidates(for: worker, limit: 5, maxExamined: 100).candidates.isEmpty)
        #expect(await queue.candidates(for: F.worker(), limit: 5, maxExamined: 100).candidates.count == 1)
    }

    @Test func pairsLoadedWithTheQueueAreExcluded() async {
        let queue = SchedulerQueue()
        let request = F.request()
        let worker = F.worker()
        var loaded = F.queued(request)
        loaded.trickedWorkers = [worker.workerId]
        _ = await queue.apply(loaded)
        #expect(await queue.candidates(for: worker, limit: 5, maxExamined: 100).candidates.isEmpty)
    }
}
