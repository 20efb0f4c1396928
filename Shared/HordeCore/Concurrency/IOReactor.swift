#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An event loop that can watch a descriptor for the tasks running on its thread, so a client library (the
/// PostgreSQL pool) waits for its socket on the loop that runs the caller instead of handing each call to a thread
/// of its own and back: the answer wakes the loop that was going to run the rest of the request anyway.
package protocol IOReactor: AnyObject, Sendable {
    /// Starts watching `fd` (edge-triggered readiness that arrives while nobody waits is remembered) until the
    /// watch's `end()`. Throws when the descriptor cannot be added.
    func watch(_ fd: Int32) throws -> any IOWatch
}

/// One descriptor watched by an `IOReactor`.
package protocol IOWatch: Sendable {
    /// Suspends until the descriptor is (probably) readable; false when the wait ended otherwise (the watch was
    /// ended, its loop stopped, or the task was cancelled).
    func readable() async -> Bool
    /// Suspends until the descriptor is (probably) writable; false as for `readable()`.
    func writable() async -> Bool
    /// Stops watching. Call before the descriptor is closed.
    func end()
}

/// The reactor whose thread is running the caller, if any (set once by each event loop thread).
package enum CurrentIOReactor {
    private final class Box {
        let reactor: any IOReactor
        init(_ reactor: any IOReactor) { self.reactor = reactor }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key left")
        return key
    }()

    /// The calling thread's reactor; nil on threads no reactor runs (Swift's cooperative pool, library threads).
    package static var current: (any IOReactor)? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        return Unmanaged<Box>.fromOpaque(pointer).takeUnretainedValue().reactor
    }

    /// Declares `reactor` the calling thread's for good; called by the reactor's own thread before it runs jobs.
    package static func adopt(_ reactor: any IOReactor) {
        pthread_setspecific(key, Unmanaged.passRetained(Box(reactor)).toOpaque())
    }
}
