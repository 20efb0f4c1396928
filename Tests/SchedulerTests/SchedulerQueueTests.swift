import Domain
import Foundation
import Messages
import Testing

@testable import Scheduler

@Suite struct SchedulerQueueTests {
    typealias F = Fixtures

    @Test func aParkedPopIsHandedTheFirstMatchingRequest() async {
        let queue = SchedulerQueue()
        let worker = F.worker(models: ["mine"])
        let pop = F.pop(worker)
        let parked = await queue.parkUnlessMatched(pop, until: Date() + 2, limit: 5, maxExamined: 100)
        #expect(parked == nil)
        #expect(await queue.parkedCount == 1)
        // A request the worker can't take leaves it parked.
        #expect(await queue.apply(F.queued(F.request(models: ["other"]))).isEmpty)
        let woken = await queue.apply(F.queued(F.request(models: ["mine"])))
        #expect(woken.map(\.pop.popId) == [pop.popId])
        #expect(await queue.parkedCount == 0)
    }

    @Test func parkingSeesARequestThatIsAlreadyIndexed() async {
        let queue = SchedulerQueue()
        let request = F.request()
        _ = await queue.apply(F.queued(request))
        let scan = await queue.parkUnlessMatched(F.pop(F.worker()), until: Date() + 2, limit: 5, maxExamined: 100)
        #expect(scan?.candidates.map(\.id) == [request.requestId])
        #expect(await queue.parkedCount == 0)
    }

    @Test func oneParkedPopPerWaitingJobOldestFirst() async {
        let queue = SchedulerQueue()
        let pops = (0..<3).map { _ in F.pop(F.worker()) }
        for pop in pops { _ = await queue.parkUnlessMatched(pop, until: Date() + 2, limit: 5, maxExamined: 100) }
        let woken = await queue.apply(F.queued(F.request(n: 2)))
        #expect(woken.map(\.pop.popId) == [pops[0].popId, pops[1].popId])
        #expect(await queue.parkedCount == 1)
    }

    @Test func waitsEndInOrder() async {
        let queue = SchedulerQueue()
        let now = Date()
        let early = F.pop(F.worker())
        let late = F.pop(F.worker())
        _ = await queue.parkUnlessMatched(late, until: now + 5, limit: 5, maxExamined: 100)
        _ = await queue.parkUnlessMatched(early, until: now + 1, limit: 5, maxExamined: 100)
        #expect(await queue.nextWake() == now + 1)
        #expect(await queue.takeExpired(now: now + 2).map(\.pop.popId) == [early.popId])
        #expect(await queue.takeAllParked().map(\.pop.popId) == [late.popId])
        #expect(await queue.nextWake() == nil)
    }
}

@Suite struct WakeSignalTests {
    @Test func aSignalWakesTheWaiterEarly() async {
        let signal = WakeSignal()
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await signal.wait(timeout: .seconds(10)) }
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(50))
                    signal.signal()
                }
            }
        }
        #expect(elapsed < .seconds(5))
    }

    @Test func aSignalBeforeTheWaitIsNotLost() async {
        let signal = WakeSignal()
        signal.signal()
        let elapsed = await ContinuousClock().measure { await signal.wait(timeout: .seconds(10)) }
        #expect(elapsed < .seconds(5))
    }

    @Test func withoutASignalTheWaitTimesOut() async {
        let signal = WakeSignal()
        let elapsed = await ContinuousClock().measure { await signal.wait(timeout: .milliseconds(100)) }
        #expect(elapsed >= .milliseconds(100))
        #expect(elapsed < .seconds(5))
        // A timed-out wait leaves nothing behind: the next wait times out too.
        let again = await ContinuousClock().measure { await signal.wait(timeout: .milliseconds(100)) }
        #expect(again >= .milliseconds(100))
    }
}

@Suite struct PopPayloadTests {
    typealias F = Fixtures

    @Test func imagePayloadCarriesTheBatchSizeAndSeed() {
        let request = F.request(n: 4)
        let ids = [UUID(), UUID()]
        let assignment = PopDispatcher.assignment(
            request: request, jobIds: ids, seed: "1234", model: "m", ttlSeconds: 150)
        #expect(assignment.payload["n_iter"] == 2)
        #expect(assignment.payload["seed"] == "1234")
        #expect(assignment.payload["prompt"] == "a lighthouse at dusk")
        #expect(assignment.jobIds == ids)
    }

    @Test func textPayloadAsksForOneText() {
        let request = F.request(kind: .text, models: [], payload: ["prompt": "Once upon", "n": 3, "max_length": 80])
        let assignment = PopDispatcher.assignment(
            request: request, jobIds: [UUID()], seed: nil, model: "m", ttlSeconds: 150)
        #expect(assignment.payload["n"] == 1)
        #expect(assignment.payload["seed"] == nil)
    }

    @Test func batchSizeFollowsTheWorkersCapacity() {
        let small = F.request(payload: ["prompt": "x", "width": 512, "height": 512])
        #expect(
            PopDispatcher.safeAmount(request: small, worker: F.worker(maxPixels: 1024 * 1024, amount: 4), model: "m")
                == 4)
        #expect(
            PopDispatcher.safeAmount(request: small, worker: F.worker(maxPixels: 512 * 512, amount: 4), model: "m") == 1
        )
        let upscaled = F.request(payload: [
            "prompt": "x", "width": 512, "height": 512, "post_processing": ["RealESRGAN_x4plus"],
        ])
        #expect(
            PopDispatcher.safeAmount(
                request: upscaled, worker: F.worker(maxPixels: 1024 * 1024, amount: 20), model: "m") == 9)
    }

    @Test func jobIdsAreDerivedFromThePop() {
        let pop = UUID()
        #expect(SchedulerEventIDs.job(pop: pop, index: 0) == SchedulerEventIDs.job(pop: pop, index: 0))
        #expect(SchedulerEventIDs.job(pop: pop, index: 0) != SchedulerEventIDs.job(pop: pop, index: 1))
        #expect(SchedulerEventIDs.possibleJobs(pop: pop).count == JobBatching.maxAmount)
        #expect(Set(SchedulerEventIDs.possibleJobs(pop: pop)).count == JobBatching.maxAmount)
    }
}
