import Foundation
import HordeCore
import Synchronization

/// An epoll reactor on its own thread that is also a `TaskExecutor`.
///
/// The thread alternates between running enqueued jobs and `epoll_wait`. Tasks that prefer this executor (the
/// HTTP server pins each connection's task to one loop) are resumed on the same thread that saw their socket
/// become ready, so a request costs no thread hop. Tasks without the preference work too: a continuation
/// resumed here hands them back to their own executor. Blocking calls never run on Swift's cooperative pool:
/// the only blocking call here is `epoll_wait`, on this loop's dedicated thread.
package final class EventLoop: TaskExecutor, IOReactor, Sendable, CustomStringConvertible {
    /// Position in its group (for names and logs).
    package let index: Int
    private let epfd: Int32
    private let wakeFD: Int32
    private let jobs = Mutex(JobQueue())
    private let table = Mutex(RegistrationTable())
    /// Live registrations. Read by the loop inside the job lock, right where it announces that it will sleep;
    /// `register` bumps it before `wakeUp` takes that lock. So either the loop sees the registration and
    /// sleeps with the sweep timeout, or `wakeUp` sees the loop asleep and wakes it: a first registration can
    /// never leave the loop in an endless wait with deadlines nobody sweeps.
    private let registrationCount = Atomic<Int>(0)
    /// How often waits with deadlines and armed alarms are checked.
    private static let sweepInterval: Duration = .milliseconds(25)
    private static let wakeKey = UInt64.max

    private struct JobQueue {
        var pending: [UnownedJob] = []
        /// True while the thread is (about to be) inside `epoll_wait`: enqueuers must then write the eventfd.
        var sleeping = false
    }

    private struct RegistrationTable {
        var byFD: [IORegistration?] = []
        var generation: UInt32 = 0
    }

    /// Creates the epoll set and eventfd and starts the thread. Failing to create either means the process is
    /// out of descriptors at start-up, which no caller can recover from.
    init(index: Int) {
        self.index = index
        do {
            epfd = try Posix.epollCreate()
            wakeFD = try Posix.eventFD()
            try Posix.epollControl(epfd, EpollFlags.add, wakeFD, events: EpollFlags.input, data: EventLoop.wakeKey)
        } catch {
            preconditionFailure("cannot create event loop \(index): \(error)")
        }
        _ = Posix.ignoreSIGPIPE
        DedicatedThread.start(name: "http-loop-\(index)", stackSize: 8 << 20) { [self] in self.run() }
    }

    /// The loop's name for logs.
    package var description: String { "EventLoop(\(index))" }

    // MARK: TaskExecutor

    /// Queues a job for this loop's thread, waking it if it sleeps in `epoll_wait`.
    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let wake = jobs.withLock { queue in
            queue.pending.append(job)
            let wasSleeping = queue.sleeping
            queue.sleeping = false
            return wasSleeping
        }
        if wake { Posix.signalEventFD(wakeFD) }
    }

    // MARK: Registrations

    /// Adds `fd` to the epoll set (edge-triggered, input, output and hang-up) and returns its registration.
    func register(fd: Int32) throws(IOError) -> IORegistration {
        let registration = table.withLock { table -> IORegistration in
            table.generation &+= 1
            let key = UInt64(table.generation) << 32 | UInt64(UInt32(bitPattern: fd))
            let registration = IORegistration(fd: fd, key: key, loop: self)
            let slot = Int(fd)
            if table.byFD.count <= slot {
                table.byFD.append(contentsOf: repeatElement(nil, count: slot + 1 - table.byFD.count))
            }
            table.byFD[slot] = registration
            return registration
        }
        registrationCount.wrappingAdd(1, ordering: .sequentiallyConsistent)
        do {
            let events = EpollFlags.input | EpollFlags.output | EpollFlags.readHangup | EpollFlags.edgeTriggered
            try Posix.epollControl(epfd, EpollFlags.add, fd, events: events, data: registration.key)
        } catch {
            remove(registration)
            throw error
        }
        // Wakes the loop so it starts sweeping deadlines if this is its first registration.
        wakeUp()
        return registration
    }

    /// Removes the registration from the epoll set and releases its waiters. Call before closing the descriptor.
    func deregister(_ registration: IORegistration) {
        try? Posix.epollControl(epfd, EpollFlags.delete, registration.fd, events: 0, data: 0)
        remove(registration)
        registration.close()
    }

    private func remove(_ registration: IORegistration) {
        table.withLock { table in
            let slot = Int(registration.fd)
            if slot < table.byFD.count, table.byFD[slot] === registration {
                table.byFD[slot] = nil
                registrationCount.wrappingSubtract(1, ordering: .sequentiallyConsistent)
            }
        }
    }

    private func wakeUp() {
        let wake = jobs.withLock { queue in
            let wasSleeping = queue.sleeping
            queue.sleeping = false
            return wasSleeping
        }
        if wake { Posix.signalEventFD(wakeFD) }
    }

    // MARK: IOReactor

    /// Watches a descriptor another library owns (a PostgreSQL socket) for a task running on this loop.
    package func watch(_ fd: Int32) throws -> any IOWatch { try register(fd: fd) }

    // MARK: The loop

    private func run() {
        CurrentIOReactor.adopt(self)
        let events = EpollEventBuffer(capacity: 512)
        var batch: [UnownedJob] = []
        batch.reserveCapacity(256)
        var ready: [(IORegistration, UInt32)] = []
        ready.reserveCapacity(512)
        var nextSweep = Deadline.after(EventLoop.sweepInterval)
        let executor = asUnownedTaskExecutor()

        while true {
            jobs.withLock { swap(&$0.pending, &batch) }
            for job in batch { job.runSynchronously(on: executor) }
            batch.removeAll(keepingCapacity: true)

            let timeout: Int32 = jobs.withLock { queue in
                if !queue.pending.isEmpty { return 0 }
                queue.sleeping = true
                if registrationCount.load(ordering: .sequentiallyConsistent) == 0 { return -1 }
                let left = nextSweep.remaining().milliseconds
                return Int32(clamping: max(1, left))
            }
            let count = events.wait(epoll: epfd, timeoutMilliseconds: timeout)
            if timeout != 0 { jobs.withLock { $0.sleeping = false } }

            if count > 0 {
                table.withLock { table in
                    for index in 0..<count {
                        let (bits, key) = events.event(at: index)
                        if key == EventLoop.wakeKey { continue }
                        let slot = Int(UInt32(truncatingIfNeeded: key))
                        if slot < table.byFD.count, let registration = table.byFD[slot], registration.key == key {
                            ready.append((registration, bits))
                        }
                    }
                }
                for index in 0..<count where events.event(at: index).key == EventLoop.wakeKey {
                    Posix.drainEventFD(wakeFD)
                }
                for (registration, bits) in ready { registration.handle(events: bits) }
                ready.removeAll(keepingCapacity: true)
            }

            let now = Deadline.now()
            if now >= nextSweep {
                nextSweep = now.adding(EventLoop.sweepInterval)
                let all = table.withLock { $0.byFD.compactMap { $0 } }
                for registration in all { registration.expire(now: now) }
            }
        }
    }
}
