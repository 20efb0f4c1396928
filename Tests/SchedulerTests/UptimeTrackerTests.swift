import Domain
import Foundation
import HordeCore
import Messages
import Testing

@testable import Scheduler

/// The uptime clock, driven by pops at chosen times.
@Suite struct UptimeTrackerTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func imageWorker(paused: Bool = false, maintenance: Bool = false, ownerId: Int = 9) -> WorkerProfile {
        WorkerProfile(
            workerId: UUID(uuidString: "11111111-2222-3333-4444-555555555555")!, name: "w", ownerId: ownerId,
            kind: .image, models: ["a", "b"], bridgeAgent: "horde-worker:1.0:local", allowLora: true,
            maintenance: maintenance, paused: paused)
    }

    /// Pops every `every` seconds from `from` to `to` (inclusive).
    static func pops(_ tracker: UptimeTracker, _ worker: WorkerProfile, from: TimeInterval, to: TimeInterval,
        every: TimeInterval = 60) async
    {
        var offset = from
        while offset <= to {
            await tracker.sawPop(worker, at: start + offset)
            offset += every
        }
    }

    @Test func onePeriodOfPopsPaysOnceWithTheWorkersDeterministicId() async throws {
        let tracker = UptimeTracker()
        let worker = Self.imageWorker()
        await Self.pops(tracker, worker, from: 0, to: 540)
        #expect(await tracker.due(now: Self.start + 560).isEmpty)
        await tracker.sawPop(worker, at: Self.start + 600)
        let due = await tracker.due(now: Self.start + 601)
        #expect(due.count == 1)
        let grant = try #require(due.first).grant
        #expect(grant.kind == .uptime)
        #expect(grant.userId == 9)
        #expect(grant.workerId == worker.workerId)
        #expect(grant.amount == 84)
        #expect(grant.at == Self.start + 600)
        #expect(
            grant.eventId
                == UptimeReward.eventId(workerId: worker.workerId, end: Self.start + 600, intervalSeconds: 600))
        await tracker.paid(due[0])
        #expect(await tracker.due(now: Self.start + 602).isEmpty)
        await Self.pops(tracker, worker, from: 660, to: 1200)
        let next = try #require(await tracker.due(now: Self.start + 1201).first)
        #expect(next.grant.at == Self.start + 1200)
        #expect(next.grant.eventId != grant.eventId)
    }

    @Test func anUnconfirmedRewardStaysDueWithTheSameId() async {
        let tracker = UptimeTracker()
        let worker = Self.imageWorker()
        await Self.pops(tracker, worker, from: 0, to: 600)
        let first = await tracker.due(now: Self.start + 601)
        let again = await tracker.due(now: Self.start + 620)
        #expect(first.count == 1)
        #expect(again.map(\.grant.eventId) == first.map(\.grant.eventId))
    }

    @Test func uptimeCountsOnlyUpToTheLastPop() async {
        let tracker = UptimeTracker()
        await Self.pops(tracker, Self.imageWorker(), from: 0, to: 540)
        // 290 s after the last pop the worker is still online, but its 600 s are not proven yet.
        #expect(await tracker.due(now: Self.start + 830).isEmpty)
    }

    @Test func comingBackFromStaleRestartsTheClock() async throws {
        let tracker = UptimeTracker()
        let worker = Self.imageWorker()
        await Self.pops(tracker, worker, from: 0, to: 300)
        // 301 s of silence: stale. The period starts again at the next pop.
        await Self.pops(tracker, worker, from: 601, to: 1141)
        #expect(await tracker.due(now: Self.start + 1142).isEmpty)
        await tracker.sawPop(worker, at: Self.start + 1201)
        let due = try #require(await tracker.due(now: Self.start + 1202).first)
        #expect(due.grant.at == Self.start + 1201)
    }

    @Test func staleWorkersAreForgotten() async {
        let tracker = UptimeTracker()
        await tracker.sawPop(Self.imageWorker(), at: Self.start)
        #expect(await tracker.due(now: Self.start + 200).isEmpty)
        #expect(await tracker.trackedCount == 1)
        #expect(await tracker.due(now: Self.start + 301).isEmpty)
        #expect(await tracker.trackedCount == 0)
    }

    @Test func pausedAndMaintenanceTimeEarnsNothingAndResetsTheClock() async throws {
        for flags in [(true, false), (false, true)] {
            let tracker = UptimeTracker()
            let worker = Self.imageWorker()
            let idle = Self.imageWorker(paused: flags.0, maintenance: flags.1)
            await Self.pops(tracker, worker, from: 0, to: 500)
            await Self.pops(tracker, idle, from: 560, to: 1200)
            #expect(await tracker.due(now: Self.start + 1201).isEmpty)
            await Self.pops(tracker, worker, from: 1260, to: 1800)
            #expect(await tracker.due(now: Self.start + 1801).isEmpty)
            await tracker.sawPop(worker, at: Self.start + 1860)
            let due = try #require(await tracker.due(now: Self.start + 1861).first)
            #expect(due.grant.at == Self.start + 1860)
        }
    }

    @Test func textWorkersArePaidByContextAndModel() async throws {
        let tracker = UptimeTracker()
        let worker = WorkerProfile(
            workerId: UUID(), name: "t", ownerId: 5, kind: .text, models: ["koboldcpp/Llama-14B", "tiny-1b"],
            bridgeAgent: "KoboldCppEmbedWorker:2:x", maxContextLength: 4096)
        await Self.pops(tracker, worker, from: 0, to: 600)
        let grant = try #require(await tracker.due(now: Self.start + 601).first).grant
        #expect(grant.kind == .uptime)
        #expect(grant.amount == 170)
    }

    @Test func alchemistsArePaidFortyAsInterrogationUptime() async throws {
        let tracker = UptimeTracker()
        let alchemist = AlchemistProfile(workerId: UUID(), name: "a", ownerId: 3, forms: ["caption"])
        var offset: TimeInterval = 0
        while offset <= 600 {
            await tracker.sawPop(alchemist, at: Self.start + offset)
            offset += 100
        }
        let grant = try #require(await tracker.due(now: Self.start + 601).first).grant
        #expect(grant.kind == .interrogationUptime)
        #expect(grant.userId == 3)
        #expect(grant.amount == 40)
    }

    @Test func settingsReadTheUptimeInterval() throws {
        let config = try SchedulerConfig.fromEnvironment(
            Environment(["HORDE_UPTIME_INTERVAL": "30s", "HORDE_UPTIME_CHECK_INTERVAL": "2s"]))
        #expect(config.uptimeInterval == .seconds(30))
        #expect(config.uptimeCheckInterval == .seconds(2))
        #expect(try SchedulerConfig.fromEnvironment(Environment([:])).uptimeInterval == .seconds(600))
    }
}
