import Glibc

/// A reader-writer lock over `pthread_rwlock_t`: many C calls may use a librdkafka handle at once (the library
/// is thread-safe), but destroying it must wait for every one of them and exclude new ones.
final class RDKafkaHandleLock: @unchecked Sendable {
    // Invariant: `lock` is allocated and initialised in `init`, only touched through pthread_rwlock_* (which are
    // thread-safe by contract) and destroyed in `deinit`, when no other reference can exist.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    /// Allocates and initialises the lock. The corresponding C function is `pthread_rwlock_init`.
    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deinitialize(count: 1)
        lock.deallocate()
    }

    /// Runs `body` holding the lock shared. The corresponding C function is `pthread_rwlock_rdlock`.
    func withSharedAccess<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    /// Runs `body` holding the lock exclusively. The corresponding C function is `pthread_rwlock_wrlock`.
    func withExclusiveAccess<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
