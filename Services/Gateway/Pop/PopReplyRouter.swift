import Foundation
import HordeCore
import Messages
import Synchronization

/// Hands pop replies from the Kafka consumer to the HTTP pop handlers waiting for them, by pop id.
///
/// A handler registers its pop id before publishing the pop, so a reply that arrives before the handler starts
/// waiting (the scheduler can answer faster than the publish is acknowledged) is kept, not lost. Replies nobody
/// expects (late ones, after a timeout) are dropped and counted.
final class PopReplyRouter: Sendable {
    private enum Slot {
        /// Registered; the handler is waiting when the continuation is set.
        case expected(CheckedContinuation<PopReply?, Never>?)
        /// The reply came before the handler started waiting.
        case arrived(PopReply)
    }

    private let slots = Mutex<[UUID: Slot]>([:])
    private let unexpected = MetricsRegistry.shared.counter(
        "horde_gateway_pop_replies_unexpected_total", help: "Pop replies that arrived after their pop gave up")

    /// An empty router.
    init() {}

    /// Registers a pop about to be published.
    func expect(_ popId: UUID) {
        slots.withLock { $0[popId] = .expected(nil) }
    }

    /// Delivers a reply; false when nobody expects it.
    @discardableResult
    func deliver(_ reply: PopReply) -> Bool {
        let outcome: (known: Bool, waiter: CheckedContinuation<PopReply?, Never>?) = slots.withLock { slots in
            switch slots[reply.popId] {
            case .expected(let waiter?):
                slots[reply.popId] = nil
                return (true, waiter)
            case .expected(nil):
                slots[reply.popId] = .arrived(reply)
                return (true, nil)
            case .arrived, nil:
                return (false, nil)
            }
        }
        if !outcome.known { unexpected.increment() }
        outcome.waiter?.resume(returning: reply)
        return outcome.known
    }

    /// Gives up on a pop (its publish failed, or it timed out): a waiting handler gets nil.
    func cancel(_ popId: UUID) {
        let waiter: CheckedContinuation<PopReply?, Never>? = slots.withLock { slots in
            guard case .expected(let waiter) = slots.removeValue(forKey: popId) else { return nil }
            return waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Waits for the reply to `popId` (registered with `expect`) for at most `timeout`; nil when none came or the
    /// task was cancelled. The registration is gone afterwards either way.
    func wait(for popId: UUID, timeout: Duration) async -> PopReply? {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.cancel(popId)
            }
            let reply = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<PopReply?, Never>) in
                    let immediate: PopReply?? = slots.withLock { slots in
                        switch slots[popId] {
                        case .arrived(let reply):
                            slots[popId] = nil
                            return .some(reply)
                        case .expected:
                            slots[popId] = .expected(continuation)
                            return .none
                        case nil:
                            return .some(nil)
                        }
                    }
                    if case .some(let reply) = immediate { continuation.resume(returning: reply) }
                }
            } onCancel: {
                self.cancel(popId)
            }
            group.cancelAll()
            return reply
        }
    }

    /// Pops currently waiting (tests, metrics).
    var pending: Int { slots.withLock { $0.count } }
}
