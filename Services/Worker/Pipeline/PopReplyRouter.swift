import Foundation
import Messages
import Synchronization

/// Matches pop replies from the worker-jobs topic to the pops waiting for them.
///
/// Every in-cluster worker reads the whole topic, so replies addressed to other workers are ignored. A reply
/// that carries jobs but arrives when nobody waits for it any more (its pop timed out here while the scheduler
/// still answered) is kept as a stray job: the jobs are ours, and running them beats letting them time out.
final class PopReplyRouter: Sendable {
    /// What `deliver` did with a reply.
    enum Disposition: Equatable, Sendable {
        /// Addressed to another worker.
        case notOurs
        /// Handed to the pop waiting for it.
        case answered
        /// Carries jobs nobody waits for; kept to run.
        case stray
        /// A late answer without jobs: nothing to do.
        case late
    }

    private struct State {
        var expected: Set<UUID> = []
        var waiters: [UUID: CheckedContinuation<PopReply?, Never>] = [:]
        var early: [UUID: PopReply] = [:]
        var cancelled: Set<UUID> = []
        var strays: [RequestKind: [JobAssignment]] = [:]
        var ready = false
        var readyWaiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        var cancelledReadyWaits: Set<UUID> = []
    }

    private let addresses: Set<String>
    private let state = Mutex(State())

    /// - Parameter addresses: the `replyTo` values of this process's lanes.
    init(addresses: Set<String>) { self.addresses = addresses }

    /// Announces a pop before it is sent, so a reply that races ahead of `wait` is kept for it.
    func expect(_ popId: UUID) { state.withLock { _ = $0.expected.insert(popId) } }

    /// Waits up to `timeout` for the reply to `popId`; nil when none came. Afterwards a reply for this pop counts
    /// as stray.
    func wait(for popId: UUID, timeout: Duration) async -> PopReply? {
        let reply = await withTaskGroup(of: PopReply?.self) { group -> PopReply? in
            group.addTask { await self.reply(to: popId) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            var found: PopReply?
            if let first = await group.next(), let first { found = first }
            group.cancelAll()
            // The reply may have landed just as the timer fired: collect it rather than lose it.
            for await result in group {
                if found == nil { found = result }
            }
            return found
        }
        let leftover = state.withLock { state -> PopReply? in
            state.expected.remove(popId)
            state.cancelled.remove(popId)
            return state.early.removeValue(forKey: popId)
        }
        if reply == nil, let leftover { return leftover }
        return reply
    }

    /// Routes one reply read from the topic.
    @discardableResult
    func deliver(_ reply: PopReply) -> Disposition {
        guard addresses.contains(reply.replyTo) else { return .notOurs }
        let (waiter, disposition) = state.withLock { state -> (CheckedContinuation<PopReply?, Never>?, Disposition) in
            if let waiter = state.waiters.removeValue(forKey: reply.popId) { return (waiter, .answered) }
            if state.expected.contains(reply.popId) {
                state.early[reply.popId] = reply
                return (nil, .answered)
            }
            guard let assignment = reply.assignment else { return (nil, .late) }
            state.strays[assignment.kind, default: []].append(assignment)
            return (nil, .stray)
        }
        waiter?.resume(returning: reply)
        return disposition
    }

    /// The oldest stray assignment of `kind`, removing it.
    func takeStray(kind: RequestKind) -> JobAssignment? {
        state.withLock { state in
            guard var list = state.strays[kind], !list.isEmpty else { return nil }
            let first = list.removeFirst()
            state.strays[kind] = list
            return first
        }
    }

    /// Every stray assignment, removing them (at shutdown, to give them back).
    func takeAllStrays() -> [JobAssignment] {
        state.withLock { state in
            let all = state.strays.values.flatMap { $0 }
            state.strays = [:]
            return all
        }
    }

    /// Marks the reply consumer as positioned on its partitions: pops sent from now on get their answers.
    func markReady() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.ready = true
            defer { state.readyWaiters = [:] }
            return Array(state.readyWaiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// True once `markReady` ran.
    var isReady: Bool { state.withLock { $0.ready } }

    /// Suspends until `markReady` (or at most `timeout`); returns whether the router is ready.
    func waitUntilReady(timeout: Duration) async -> Bool {
        if isReady { return true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.readySignal() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return isReady
    }

    private func readySignal() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.ready || state.cancelledReadyWaits.remove(id) != nil { return true }
                    state.readyWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.readyWaiters.removeValue(forKey: id) { return waiter }
                state.cancelledReadyWaits.insert(id)
                return nil
            }
            waiter?.resume()
        }
    }

    private func reply(to popId: UUID) async -> PopReply? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<PopReply?, Never>) in
                let immediate = state.withLock { state -> PopReply?? in
                    if let early = state.early.removeValue(forKey: popId) { return .some(early) }
                    if state.cancelled.contains(popId) { return .some(nil) }
                    state.waiters[popId] = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<PopReply?, Never>? in
                if let waiter = state.waiters.removeValue(forKey: popId) { return waiter }
                state.cancelled.insert(popId)
                return nil
            }
            waiter?.resume(returning: nil)
        }
    }
}
