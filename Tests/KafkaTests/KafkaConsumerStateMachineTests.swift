import Testing

@testable import Kafka

/// The consumer's shared state: waiters, stash, assignment and shutdown.
@Suite struct KafkaConsumerStateMachineTests {
    typealias Machine = KafkaConsumerStateMachine<String, String>

    static func message(_ partition: Int32, _ offset: Int64, topic: String = "t") -> KafkaMessage {
        KafkaMessage(topic: topic, partition: partition, offset: offset, key: nil, value: [])
    }

    static func offset(_ outcome: KafkaConsumerWaitOutcome) -> Int64? {
        if case .message(let message) = outcome { message.offset } else { nil }
    }

    @Test func pollsOnlyWhileSomeoneWaits() {
        var machine = Machine()
        #expect(machine.pollDecision() == .idle)
        guard case .wakePollThread = machine.next(1, "a") else {
            Issue.record("expected a wake-up")
            return
        }
        #expect(machine.pollDecision() == .poll)
        let cancelled = machine.cancel(1)
        #expect(cancelled == "a")
        #expect(machine.pollDecision() == .idle)
    }

    @Test func messagesGoToWaitersInOrderAndTheRestIsStashed() {
        var machine = Machine()
        _ = machine.next(1, "a")
        _ = machine.next(2, "b")
        let resumed = machine.deliver([Self.message(0, 10), Self.message(0, 11), Self.message(0, 12)])
        #expect(resumed.map(\.0) == ["a", "b"])
        #expect(resumed.map { Self.offset($0.1) } == [10, 11])
        guard case .resume("c", let outcome) = machine.next(3, "c") else {
            Issue.record("expected the stash")
            return
        }
        #expect(Self.offset(outcome) == 12)
    }

    @Test func aCancelledWaitLosesNoMessage() {
        var machine = Machine()
        _ = machine.next(1, "a")
        _ = machine.cancel(1)
        let delivered = machine.deliver([Self.message(0, 5)])
        #expect(delivered.isEmpty)
        guard case .resume(_, let outcome) = machine.next(2, "b") else {
            Issue.record("expected the stash")
            return
        }
        #expect(Self.offset(outcome) == 5)
    }

    @Test func revokedPartitionsLeaveTheStash() {
        var machine = Machine()
        machine.applied(.assigned([.init(topic: "t", partition: 0), .init(topic: "t", partition: 1)]), eager: false)
        _ = machine.deliver([Self.message(0, 1), Self.message(1, 1)])
        machine.applied(.revoked([.init(topic: "t", partition: 0)], lost: false), eager: false)
        #expect(machine.assignment == [.init(topic: "t", partition: 1)])
        guard case .resume(_, let outcome) = machine.next(1, "a") else {
            Issue.record("expected the stash")
            return
        }
        guard case .message(let kept) = outcome else {
            Issue.record("expected a message")
            return
        }
        #expect(kept.partition == 1)
        guard case .wakePollThread = machine.next(2, "b") else {
            Issue.record("the stash should be empty now")
            return
        }
    }

    @Test func eagerRevokeDropsTheWholeAssignment() {
        var machine = Machine()
        machine.applied(.assigned([.init(topic: "t", partition: 0), .init(topic: "t", partition: 1)]), eager: true)
        machine.applied(.revoked([.init(topic: "t", partition: 0)], lost: false), eager: true)
        #expect(machine.assignment.isEmpty)
        machine.applied(.assigned([.init(topic: "t", partition: 3)]), eager: true)
        #expect(machine.assignment == [.init(topic: "t", partition: 3)])
    }

    @Test func closeEndsWaitersDropsTheStashAndNotifiesClosers() {
        var machine = Machine()
        _ = machine.deliver([Self.message(0, 1)])
        _ = machine.next(1, "ignored-stash-taken")
        _ = machine.next(2, "waiting")
        let closeRequested = machine.requestClose(leaveGroup: true)
        #expect(closeRequested == ["waiting"])
        #expect(machine.pollDecision() == .close(leaveGroup: true))
        let closeRequested2 = machine.requestClose(leaveGroup: false)
        #expect(closeRequested2.isEmpty)
        #expect(machine.pollDecision() == .close(leaveGroup: true), "the first close request decides")
        guard case .resume(_, .end) = machine.next(3, "late") else {
            Issue.record("expected the end")
            return
        }
        let delivered = machine.deliver([Self.message(0, 2)])
        #expect(delivered.isEmpty)
        let closerQueued = machine.awaitClosed("closer")
        #expect(closerQueued)
        let closers = machine.finishClose()
        #expect(closers == ["closer"])
        let closerQueued2 = machine.awaitClosed("after")
        #expect(!closerQueued2, "already closed: resume at once")
    }

    @Test func aFatalErrorReachesEveryWaiterAndLaterCalls() {
        var machine = Machine()
        _ = machine.next(1, "a")
        let failed = machine.fail(KafkaError(.fatal, message: "boom", isFatal: true))
        #expect(failed == ["a"])
        guard case .resume(_, .failure(let error)) = machine.next(2, "b") else {
            Issue.record("expected the failure")
            return
        }
        #expect(error.isFatal)
    }
}
