import Foundation
import Messages
import Testing

@testable import Scheduler

@Suite struct QueueOwnershipAndStatisticsTests {
    typealias F = Fixtures

    @Test func anInstanceIndexesOnlyTheRequestsOfItsPartitions() async {
        let queue = SchedulerQueue()
        let onZero = F.request(createdOffset: 1)
        let onOne = F.request(createdOffset: 2)
        let legacy = F.request(createdOffset: 3)
        _ = await queue.apply(QueuedRequest(request: onZero, waiting: 1, version: 1, partition: 0))
        _ = await queue.apply(QueuedRequest(request: onOne, waiting: 1, version: 1, partition: 1))
        _ = await queue.apply(QueuedRequest(request: legacy, waiting: 1, version: 1))
        #expect(await queue.count(.image) == 3)

        // The first assignment keeps partition 0 only; requests without a partition stay with everyone.
        _ = await queue.assign([0], loaded: [])
        #expect(await queue.entry(onOne.requestId) == nil)
        #expect(await queue.entry(onZero.requestId) != nil)
        #expect(await queue.entry(legacy.requestId) != nil)
        // Later states of another instance's requests are ignored.
        _ = await queue.apply(QueuedRequest(request: onOne, waiting: 1, version: 2, partition: 1))
        #expect(await queue.entry(onOne.requestId) == nil)

        // Partition 1 moves here: its waiting requests come from Postgres.
        _ = await queue.assign([1], loaded: [QueuedRequest(request: onOne, waiting: 1, version: 2, partition: 1)])
        #expect(await queue.entry(onOne.requestId)?.version == 2)
        await queue.revoke([0])
        #expect(await queue.entry(onZero.requestId) == nil)
        #expect(await queue.count(.image) == 2)
    }

    @Test func positionsAndWaitFollowQueueOrder() {
        var index = RequestIndex()
        let first = F.request(priority: 10_000, createdOffset: 0, n: 2)
        let second = F.request(priority: 10, createdOffset: 1, n: 1)
        index.apply(F.queued(first))
        index.apply(F.queued(second))
        let figures = index.figures(.image, headLimit: 10)
        #expect(figures.head.map(\.id) == [first.requestId, second.requestId])
        #expect(figures.models["stable_diffusion"]?.jobs == 3)
        let worker = WorkerActivity.Seen(
            kind: .image, models: ["stable_diffusion"], threads: 1, lastSeen: Date(), speed: 7_864_320)
        let positions = QueueStatistics.positions(kind: .image, figures: figures, workers: [worker])
        #expect(positions.map(\.position) == [1, 2])
        #expect(positions.map(\.waitTime) == [0, 2])
        let models = QueueStatistics.models(kind: .image, figures: figures, workers: [worker])
        #expect(models.count == 1)
        #expect(models.first?.workers == 1)
        #expect(models.first?.eta == 3)
    }

    @Test func kindTotalsCountAMultiModelRequestOnce() {
        var index = RequestIndex()
        index.apply(F.queued(F.request(models: ["stable_diffusion", "My Merge", "Deliberate"], n: 2)))
        index.apply(F.queued(F.request(createdOffset: 1, models: [], n: 1)))
        let figures = index.figures(.image, headLimit: 10)
        #expect(figures.totalRequests == 2)
        #expect(figures.totalThings == 3 * 7_864_320)
        // Per model, the first request still counts under each of its models.
        #expect(figures.models["My Merge"]?.requests == 1 && figures.models["stable_diffusion"]?.requests == 1)
        #expect(index.figures(.text, headLimit: 10).totalRequests == 0)
    }

    @Test func positionCommandsReplaceTheHashAtomically() {
        let positions = (1...1500).map { QueueStatistics.Position(id: UUID(), position: $0, waitTime: $0 * 2) }
        let commands = QueueSnapshotService.positionCommands(positions, key: "p:image")
        #expect(commands.first == ["DEL", "p:image:next"])
        #expect(commands.last == ["RENAME", "p:image:next", "p:image"])
        #expect(commands.filter { $0.first == "HSET" }.map { ($0.count - 2) / 2 } == [1000, 500])
        #expect(QueueSnapshotService.positionCommands([], key: "p:image") == [["DEL", "p:image"]])
    }

    @Test func concurrentPopsPassOverARequestBeingClaimed() {
        var index = RequestIndex()
        let busy = F.request(priority: 1000, createdOffset: 0, n: 5)
        let next = F.request(priority: 10, createdOffset: 1)
        index.apply(F.queued(busy))
        index.apply(F.queued(next))
        let first = index.beginClaim(busy.requestId)
        let second = index.beginClaim(busy.requestId)
        #expect(first)
        #expect(!second)
        let scan = index.candidates(for: F.worker(), limit: 5, maxExamined: 100)
        #expect(scan.candidates.map(\.id) == [next.requestId])
        #expect(scan.skipped.counts.isEmpty)
        index.endClaim(busy.requestId)
        #expect(index.candidates(for: F.worker(), limit: 5, maxExamined: 100).candidates.first?.id == busy.requestId)
    }
}
