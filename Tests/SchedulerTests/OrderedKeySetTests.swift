import Foundation
import Testing

@testable import Scheduler

@Suite struct OrderedKeySetTests {
    @Test func keepsQueueOrderAcrossManyChunks() {
        var generator = SeededGenerator(state: 42)
        var set = OrderedKeySet()
        var reference: [QueueKey] = []
        for step in 0..<5000 {
            if step % 3 == 2, !reference.isEmpty {
                let victim = reference.remove(at: Int.random(in: 0..<reference.count, using: &generator))
                let removed = set.remove(victim)
                #expect(removed)
            } else {
                let key = QueueKey(
                    priority: Double(Int.random(in: 0..<20, using: &generator)),
                    createdAt: Date(timeIntervalSince1970: Double(Int.random(in: 0..<1000, using: &generator))),
                    id: UUID())
                let inserted = set.insert(key)
                #expect(inserted)
                reference.append(key)
            }
        }
        #expect(set.count == reference.count)
        #expect(set.ordered == reference.sorted())
        var walked: [QueueKey] = []
        var cursor = set.start
        while let key = set.key(at: cursor) {
            walked.append(key)
            cursor = set.advance(cursor)
        }
        #expect(walked == reference.sorted())
    }

    @Test func duplicatesAndMissingKeysAreRefused() {
        var set = OrderedKeySet()
        let key = QueueKey(priority: 1, createdAt: Date(), id: UUID())
        let inserted = set.insert(key)
        #expect(inserted)
        let insertedAgain = set.insert(key)
        #expect(!insertedAgain)
        #expect(set.contains(key))
        let removedUnknown = set.remove(QueueKey(priority: 1, createdAt: Date(), id: UUID()))
        #expect(!removedUnknown)
        let removed = set.remove(key)
        #expect(removed)
        #expect(set.isEmpty)
        #expect(set.key(at: set.start) == nil)
    }

    @Test func higherPriorityFirstThenOlderFirst() {
        let old = QueueKey(priority: 5, createdAt: Date(timeIntervalSince1970: 10), id: UUID())
        let young = QueueKey(priority: 5, createdAt: Date(timeIntervalSince1970: 20), id: UUID())
        let rich = QueueKey(priority: 500, createdAt: Date(timeIntervalSince1970: 30), id: UUID())
        let broken = QueueKey(priority: .nan, createdAt: Date(timeIntervalSince1970: 0), id: UUID())
        var set = OrderedKeySet()
        for key in [young, broken, old, rich] { set.insert(key) }
        #expect(set.ordered.map(\.id) == [rich.id, old.id, young.id, broken.id])
    }

    @Test func waitingRequestsAgeFiftyEveryTenSeconds() {
        // 100 s older makes up for 500 priority: the older one is ahead once the gap is below that.
        let old = QueueKey(priority: 100, createdAt: Date(timeIntervalSince1970: 1_800_000_000), id: UUID())
        let richer = QueueKey(priority: 599, createdAt: Date(timeIntervalSince1970: 1_800_000_100), id: UUID())
        let richest = QueueKey(priority: 601, createdAt: Date(timeIntervalSince1970: 1_800_000_100), id: UUID())
        #expect(old < richer)
        #expect(richest < old)
        #expect(QueueKey.agedPriority(100, createdAt: Date(timeIntervalSince1970: 0), now: Date(timeIntervalSince1970: 10)) == 150)
    }
}
