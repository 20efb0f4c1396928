import Testing

@testable import Kafka

/// The producer's per-message bookkeeping: every sender is answered exactly once, whatever arrives first.
@Suite struct KafkaDeliveryTrackerTests {
    struct Closed: Error {}
    typealias Tracker = KafkaDeliveryTracker<String>

    @Test func reportAfterWaitResumesTheWaiter() throws {
        var tracker = Tracker()
        let reserved = tracker.reserve()
        let id = try #require(reserved)
        let waited = tracker.wait(id, "sender", closedError: Closed())
        #expect(waited == nil)
        let reported = tracker.report(id, .success(()))
        #expect(reported == "sender")
        #expect(tracker.inFlight == 0)
    }

    @Test func reportBeforeWaitIsHandedOverOnWait() throws {
        var tracker = Tracker()
        let reserved = tracker.reserve()
        let id = try #require(reserved)
        let reported = tracker.report(id, .failure(Closed()))
        #expect(reported == nil)
        let waited = tracker.wait(id, "sender", closedError: Closed())
        let ready = try #require(waited)
        #expect(ready.0 == "sender")
        #expect(throws: Closed.self) { try ready.1.get() }
        #expect(tracker.inFlight == 0)
    }

    @Test func cancelBeforeWaitEndsTheWaitWithCancellation() throws {
        var tracker = Tracker()
        let reserved = tracker.reserve()
        let id = try #require(reserved)
        let cancelled = tracker.cancel(id)
        #expect(cancelled == nil)
        let waited = tracker.wait(id, "sender", closedError: Closed())
        let ready = try #require(waited)
        #expect(throws: CancellationError.self) { try ready.1.get() }
        let reported = tracker.report(id, .success(()))
        #expect(reported == nil, "a late report finds nobody")
        #expect(tracker.inFlight == 0)
    }

    @Test func cancelWhileWaitingReturnsTheWaiterOnce() throws {
        var tracker = Tracker()
        let reserved = tracker.reserve()
        let id = try #require(reserved)
        _ = tracker.wait(id, "sender", closedError: Closed())
        let cancelled = tracker.cancel(id)
        #expect(cancelled == "sender")
        let cancelled2 = tracker.cancel(id)
        #expect(cancelled2 == nil)
        let reported = tracker.report(id, .success(()))
        #expect(reported == nil)
    }

    @Test func idsAreUniqueAndNeverZero() throws {
        var tracker = Tracker()
        let ids = (0..<1000).compactMap { _ in tracker.reserve() }
        #expect(Set(ids).count == 1000)
        #expect(!ids.contains(0))
    }

    @Test func closeRefusesNewIdsAndFailsTheUnknownButKeepsArrivedReports() throws {
        var tracker = Tracker()
        let reserved = tracker.reserve()
        let waiting = try #require(reserved)
        let reserved2 = tracker.reserve()
        let notYetWaiting = try #require(reserved2)
        let reserved3 = tracker.reserve()
        let delivered = try #require(reserved3)
        _ = tracker.wait(waiting, "w", closedError: Closed())
        _ = tracker.report(delivered, .success(()))
        tracker.close()
        let reserved4 = tracker.reserve()
        #expect(reserved4 == nil)
        let failedWaiters = tracker.failAll(with: Closed())
        #expect(failedWaiters == ["w"])
        let waited = tracker.wait(notYetWaiting, "late", closedError: Closed())
        let late = try #require(waited)
        #expect(throws: Closed.self) { try late.1.get() }
        let waited2 = tracker.wait(delivered, "lucky", closedError: Closed())
        let lucky = try #require(waited2)
        #expect(throws: Never.self) { try lucky.1.get() }
    }
}
