import HordeCore
import Synchronization

/// One descriptor watched by an `EventLoop` (edge-triggered, input and output). Tasks suspend on it until the
/// descriptor is ready, a deadline passes, or they are cancelled; the event loop resumes them.
///
/// Readiness that arrives while nobody waits is remembered (`readable`/`writable`), so an edge is never lost
/// between a call returning `EAGAIN` and the wait that follows. Besides read and write waits it carries an
/// *alarm*: a deadline the owner arms around work that is not I/O (a request handler), watched by another task.
final class IORegistration: IOWatch, Sendable {
    /// The watched descriptor.
    let fd: Int32
    /// `generation << 32 | fd`, stored in `epoll_data`, so an event for a closed and reused fd is never
    /// delivered to the new owner.
    let key: UInt64
    /// The loop whose epoll set holds the descriptor.
    let loop: EventLoop
    private let state = Mutex(State())
    /// The armed alarm's deadline in nanoseconds; `UInt64.max` when disarmed and `0` once fired. An atomic, so
    /// arming and disarming around every request costs no lock; the sweep fires it with a compare-and-swap.
    private let alarmDeadline = Atomic<UInt64>(.max)

    /// Which of the three waits.
    enum Slot { case read, write, alarm }

    private struct Waiter {
        let continuation: UnsafeContinuation<IOWait, Never>
        let deadline: Deadline
        let interruptible: Bool
    }

    private struct State {
        var readable = false
        var writable = false
        var reader: Waiter?
        var writer: Waiter?
        var alarmWaiter: Waiter?
        var alarmFired = false
        var alarmEnded = false
        var interruptRequested = false
        var closed = false
        var cancelled = false
        /// The peer shut down its side (or the socket failed). The next read wait returns at once: an end of
        /// stream queued behind data raises no further edge once the data has been read. Only one wait is cut
        /// short, so a hang-up that does not make reads return (which would be a kernel surprise) cannot spin.
        var hungUp = false
        var hangupDeliveredToReader = false
        /// The socket reported an error or full hang-up: the next write wait returns at once (the write then
        /// fails with the socket's error).
        var failed = false
        var failureDeliveredToWriter = false
    }

    /// A registration of `fd` under `key` in `loop` (made by `EventLoop.register`).
    init(fd: Int32, key: UInt64, loop: EventLoop) {
        self.fd = fd
        self.key = key
        self.loop = loop
    }

    /// Suspends until `slot` is ready, `deadline` passes, the task is cancelled or (when `interruptible`) an
    /// interrupt is requested.
    ///
    /// With `observeCancellation` false the wait skips installing a task cancellation handler (measurably
    /// cheaper per wait); the owner must then call `cancel()` itself when its task is cancelled.
    ///
    /// With `honorsCancelledTask` false (implies `observeCancellation` false) a task that is already cancelled
    /// still waits: for owners that end their work through the peer (a statement cancelled on the server).
    func wait(
        _ slot: Slot, deadline: Deadline, interruptible: Bool = false, observeCancellation: Bool = true,
        honorsCancelledTask: Bool = true
    ) async -> IOWait {
        guard observeCancellation else {
            return await suspend(
                slot, deadline: deadline, interruptible: interruptible, honorsCancelledTask: honorsCancelledTask)
        }
        return await withTaskCancellationHandler {
            await suspend(slot, deadline: deadline, interruptible: interruptible)
        } onCancel: {
            let waiter = state.withLock { state in
                switch slot {
                case .read: state.reader.take()
                case .write: state.writer.take()
                case .alarm: state.alarmWaiter.take()
                }
            }
            waiter?.continuation.resume(returning: .cancelled)
        }
    }

    private func suspend(
        _ slot: Slot, deadline: Deadline, interruptible: Bool, honorsCancelledTask: Bool = true
    ) async -> IOWait {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<IOWait, Never>) in
            let immediate: IOWait? = state.withLock { state in
                switch slot {
                case .read where state.readable:
                    state.readable = false
                    return .ready
                case .read where state.hungUp && !state.hangupDeliveredToReader:
                    state.hangupDeliveredToReader = true
                    return .ready
                case .write where state.writable:
                    state.writable = false
                    return .ready
                case .write where state.failed && !state.failureDeliveredToWriter:
                    state.failureDeliveredToWriter = true
                    state.writable = false
                    return .ready
                case .alarm where state.alarmFired:
                    return .timedOut
                case .alarm where state.alarmEnded:
                    return .closed
                default: break
                }
                if state.closed { return .closed }
                if state.cancelled { return .cancelled }
                if interruptible && state.interruptRequested { return .interrupted }
                if honorsCancelledTask && Task.isCancelled { return .cancelled }
                let waiter = Waiter(continuation: continuation, deadline: deadline, interruptible: interruptible)
                switch slot {
                case .read: state.reader = waiter
                case .write: state.writer = waiter
                case .alarm: state.alarmWaiter = waiter
                }
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Makes every wait (now and later) return `.cancelled`: the owner's task is being cancelled.
    func cancel() {
        let waiters = state.withLock { state -> [Waiter] in
            state.cancelled = true
            return [state.reader.take(), state.writer.take(), state.alarmWaiter.take()].compactMap { $0 }
        }
        for waiter in waiters { waiter.continuation.resume(returning: .cancelled) }
    }

    /// Called by the loop with the `epoll` bits of one event.
    func handle(events: UInt32) {
        let readBits = EpollFlags.input | EpollFlags.readHangup | EpollFlags.hangup | EpollFlags.error
        let writeBits = EpollFlags.output | EpollFlags.hangup | EpollFlags.error
        let hangupBits = EpollFlags.readHangup | EpollFlags.hangup | EpollFlags.error
        let (reader, writer) = state.withLock { state -> (Waiter?, Waiter?) in
            var reader: Waiter?
            var writer: Waiter?
            if events & hangupBits != 0 { state.hungUp = true }
            if events & (EpollFlags.hangup | EpollFlags.error) != 0 { state.failed = true }
            if events & readBits != 0 {
                if let waiting = state.reader.take() { reader = waiting } else { state.readable = true }
            }
            if events & writeBits != 0 {
                if let waiting = state.writer.take() { writer = waiting } else { state.writable = true }
            }
            return (reader, writer)
        }
        reader?.continuation.resume(returning: .ready)
        writer?.continuation.resume(returning: .ready)
    }

    /// Called by the loop's periodic sweep: ends waits whose deadline has passed and fires a due alarm.
    func expire(now: Deadline) {
        var expired: [Waiter] = []
        state.withLock { state in
            if let reader = state.reader, reader.deadline <= now {
                expired.append(reader)
                state.reader = nil
            }
            if let writer = state.writer, writer.deadline <= now {
                expired.append(writer)
                state.writer = nil
            }
            let alarm = alarmDeadline.load(ordering: .acquiring)
            if alarm != 0 && alarm <= now.nanoseconds && !state.alarmEnded
                && alarmDeadline.compareExchange(expected: alarm, desired: 0, ordering: .acquiringAndReleasing)
                    .exchanged
            {
                state.alarmFired = true
                if let waiter = state.alarmWaiter.take() { expired.append(waiter) }
            }
        }
        for waiter in expired { waiter.continuation.resume(returning: .timedOut) }
    }

    /// Makes interruptible waits (now and later) return `.interrupted`.
    func interrupt() {
        let waiter = state.withLock { state -> Waiter? in
            state.interruptRequested = true
            if let reader = state.reader, reader.interruptible {
                state.reader = nil
                return reader
            }
            return nil
        }
        waiter?.continuation.resume(returning: .interrupted)
    }

    /// Whether `interrupt()` has been called.
    var isInterrupted: Bool { state.withLock { $0.interruptRequested } }

    /// Arms the alarm: the loop fires it once `deadline` passes, unless `disarmAlarm()` runs first.
    func armAlarm(_ deadline: Deadline) {
        alarmDeadline.store(max(1, deadline.nanoseconds), ordering: .releasing)
    }

    /// Disarms the alarm; `false` if it already fired (whoever watches it now owns the outcome).
    func disarmAlarm() -> Bool {
        var current = alarmDeadline.load(ordering: .acquiring)
        while current != 0 {
            let (exchanged, original) = alarmDeadline.compareExchange(
                expected: current, desired: .max, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Ends the alarm for good, releasing its watcher with `.closed`.
    func endAlarm() {
        let waiter = state.withLock { state -> Waiter? in
            state.alarmEnded = true
            return state.alarmWaiter.take()
        }
        waiter?.continuation.resume(returning: .closed)
    }

    // MARK: IOWatch

    /// Waits for input without a deadline, even in a cancelled task (the owner cancels its work with the peer).
    func readable() async -> Bool {
        await wait(.read, deadline: .never, observeCancellation: false, honorsCancelledTask: false) == .ready
    }

    /// Waits for output space, like `readable()`.
    func writable() async -> Bool {
        await wait(.write, deadline: .never, observeCancellation: false, honorsCancelledTask: false) == .ready
    }

    /// Leaves the loop's epoll set; the descriptor stays open.
    func end() { loop.deregister(self) }

    /// Marks the registration closed and releases every waiter with `.closed`.
    func close() {
        let waiters = state.withLock { state -> [Waiter] in
            state.closed = true
            state.alarmEnded = true
            return [state.reader.take(), state.writer.take(), state.alarmWaiter.take()].compactMap { $0 }
        }
        for waiter in waiters { waiter.continuation.resume(returning: .closed) }
    }
}
