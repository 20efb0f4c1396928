import Glibc
import HordeCore
import Synchronization

/// A fixed set of event loops, one thread each, handed out round-robin.
package final class EventLoopGroup: Sendable {
    /// The process-wide group: `HORDE_HTTP_THREADS` loops, default one per online CPU.
    package static let shared: EventLoopGroup = {
        let cpus = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let threads = (try? Environment().int("HORDE_HTTP_THREADS", default: cpus)) ?? cpus
        return EventLoopGroup(threads: threads)
    }()

    /// The loops, in index order.
    package let loops: [EventLoop]
    private let cursor = Atomic<Int>(0)

    /// Starts `threads` loops (at least one).
    package init(threads: Int) {
        loops = (0..<max(1, threads)).map { EventLoop(index: $0) }
    }

    /// The next loop in round-robin order.
    package func next() -> EventLoop {
        let position = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[position % loops.count]
    }
}
