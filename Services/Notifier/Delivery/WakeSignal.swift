import Synchronization

/// Lets the sweep sleep until its next round but wake early when a retry comes due or shutdown begins.
///
/// Each sleep waits on a fresh `ShutdownLatch`; `poke()` fires the current one. A poke while nobody sleeps
/// makes the next sleep return at once, so a wake-up between two sleeps is not lost.
final class WakeSignal: Sendable {
    private let current = Mutex(ShutdownLatch())

    /// A signal nobody has poked.
    init() {}

    /// Wakes the sleeper now (or the next one to sleep).
    func poke() { current.withLock { $0 }.fire() }

    /// Pokes after `delay`, without holding the caller.
    func poke(after delay: Duration) {
        Task { [self] in
            try? await Task.sleep(for: delay)
            poke()
        }
    }

    /// Sleeps for `duration` or until poked, whichever is first.
    func sleep(for duration: Duration) async {
        let latch = current.withLock { $0 }
        await latch.sleep(for: duration)
        current.withLock { if $0 === latch { $0 = ShutdownLatch() } }
    }
}
