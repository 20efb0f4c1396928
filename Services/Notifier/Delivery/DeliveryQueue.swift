import Foundation
import HordeCore
import Synchronization

/// Deliveries waiting to run in this process, run at most `concurrency` at a time and at most `perHost` at a
/// time to any one receiver (`host:port`), so a receiver that hangs holds only its own slots: the deliveries
/// waiting for it queue apart from everyone else's.
///
/// The queue is only a fast path: every delivery in it is already pending in the store, so one dropped here
/// (queue full, or shutdown) is picked up again by the sweep when its lease runs out.
final class DeliveryQueue: Sendable {
    /// What the run loop reacts to: a new delivery, a finished one (freeing its host's slot), or shutdown.
    private enum Event: Sendable {
        case delivery(Delivery, host: String)
        case finished(host: String)
        case stop
    }

    private struct Held {
        /// Queued or running deliveries and their receiver, so one reclaimed by the sweep while still here
        /// runs once.
        var hosts: [UUID: String] = [:]
        /// How many of them each receiver has.
        var perHost: [String: Int] = [:]
    }

    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let held = Mutex(Held())
    private let capacity: Int
    private let hostCapacity: Int
    private let depth = MetricsRegistry.shared.gauge(
        "horde_webhook_queue_depth", help: "Webhook deliveries queued or running in this process")

    /// - Parameters:
    ///   - capacity: deliveries held in memory at most (Default: 4096).
    ///   - hostCapacity: deliveries held for one receiver at most, so one receiver's backlog cannot fill the
    ///     queue (Default: 1024).
    init(capacity: Int = 4096, hostCapacity: Int = 1024) {
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
        self.capacity = capacity
        self.hostCapacity = hostCapacity
    }

    /// The receiver a URL names, as the per-host limit counts it: lower-cased `host:port`.
    static func hostKey(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else { return "" }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }

    /// Queues `delivery`; false when it is already queued or running, or the queue (or its receiver's share)
    /// is full.
    @discardableResult
    func enqueue(_ delivery: Delivery) -> Bool {
        let host = Self.hostKey(of: delivery.url)
        let accepted = held.withLock { held -> Bool in
            guard held.hosts[delivery.id] == nil, held.hosts.count < capacity,
                held.perHost[host, default: 0] < hostCapacity
            else { return false }
            held.hosts[delivery.id] = host
            held.perHost[host, default: 0] += 1
            return true
        }
        guard accepted else { return false }
        depth.increment()
        continuation.yield(.delivery(delivery, host: host))
        return true
    }

    /// Runs queued deliveries until graceful shutdown; then starts no new ones and waits for those running.
    func run(
        concurrency: Int, perHost: Int = .max, _ body: @escaping @Sendable (Delivery) async -> Void
    ) async {
        let continuation = self.continuation
        let limit = max(1, concurrency)
        let hostLimit = max(1, perHost)
        await withDiscardingTaskGroup { group in
            group.addTask {
                await gracefulShutdownTriggered()
                continuation.yield(.stop)
            }
            var running = 0
            var runningPerHost: [String: Int] = [:]
            var waiting: [String: FIFO<Delivery>] = [:]
            var stopping = false

            func startWhatFits() {
                guard running < limit, !waiting.isEmpty else { return }
                for host in Array(waiting.keys) {
                    while running < limit, runningPerHost[host, default: 0] < hostLimit,
                        let delivery = waiting[host]?.pop()
                    {
                        running += 1
                        runningPerHost[host, default: 0] += 1
                        group.addTask {
                            await body(delivery)
                            self.finished(delivery.id)
                            continuation.yield(.finished(host: host))
                        }
                    }
                    if waiting[host]?.isEmpty == true { waiting[host] = nil }
                    if running >= limit { break }
                }
            }

            for await event in events {
                switch event {
                case .delivery(let delivery, let host):
                    if stopping {
                        finished(delivery.id)
                    } else {
                        waiting[host, default: FIFO()].push(delivery)
                        startWhatFits()
                    }
                case .finished(let host):
                    running -= 1
                    runningPerHost[host, default: 1] -= 1
                    if runningPerHost[host] == 0 { runningPerHost[host] = nil }
                    if !stopping { startWhatFits() }
                case .stop:
                    stopping = true
                    for (_, var queue) in waiting { while let delivery = queue.pop() { finished(delivery.id) } }
                    waiting = [:]
                }
                if stopping && running == 0 { break }
            }
            // Only the shutdown watcher can be left (when the loop ended by cancellation or after the stop).
            group.cancelAll()
        }
    }

    private func finished(_ id: UUID) {
        held.withLock { held in
            guard let host = held.hosts.removeValue(forKey: id) else { return }
            held.perHost[host, default: 1] -= 1
            if held.perHost[host] == 0 { held.perHost[host] = nil }
        }
        depth.decrement()
    }
}

/// A first-in, first-out list that pops in O(1), compacting now and then.
private struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func push(_ item: Element) { items.append(item) }

    mutating func pop() -> Element? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
