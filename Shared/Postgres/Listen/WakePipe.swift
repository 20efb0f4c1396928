#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A non-blocking, close-on-exec pipe that wakes a thread blocked in `poll()` from any other thread.
///
/// `@unchecked Sendable` invariant: the two descriptors are set once in `init` and closed only in `deinit`;
/// `write(2)`/`read(2)` on them are safe from any thread.
final class WakePipe: @unchecked Sendable {
    /// The end `poll()` watches.
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Opens the pipe. The corresponding C functions are `pipe` and `fcntl`.
    init() throws(PostgresError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw PostgresError(.connectionFailed, message: "pipe() failed: errno \(errno)")
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Makes `readDescriptor` readable. A full pipe already is, so a failed write needs no retry.
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe so the next `poll()` blocks again.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readDescriptor, &buffer, buffer.count) > 0 {}
    }

    /// Waits until `descriptor` (if not negative) or the pipe is readable, or `timeout` passes.
    /// Returns whether `descriptor` is readable (or reported an error) and whether the pipe is.
    func wait(for descriptor: Int32, timeout: Duration?) -> (socket: Bool, woken: Bool) {
        var descriptors = [
            pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
        ]
        let milliseconds = timeout.map { Int32(clamping: $0.milliseconds) } ?? -1
        let count = poll(&descriptors, descriptor >= 0 ? 2 : 1, milliseconds)
        guard count > 0 else { return (false, false) }
        return (descriptor >= 0 && descriptors[1].revents != 0, descriptors[0].revents != 0)
    }
}
