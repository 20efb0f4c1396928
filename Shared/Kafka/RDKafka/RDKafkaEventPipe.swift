import Glibc

/// A non-blocking pipe that librdkafka writes to when a queue becomes non-empty
/// (`rd_kafka_queue_io_event_enable`), so the event thread can sleep in `poll(2)` instead of sleep-polling.
/// The owner also writes to it to wake the thread for shutdown.
final class RDKafkaEventPipe: Sendable {
    /// The end librdkafka (and `wake()`) write to.
    let writeDescriptor: Int32
    private let readDescriptor: Int32

    /// Opens the pipe with both ends `O_NONBLOCK | FD_CLOEXEC`. The corresponding C function is `pipe`.
    init() throws(KafkaError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw KafkaError(.client, message: "pipe() failed: errno \(errno)")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
        }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Blocks until the pipe is readable or `timeoutMilliseconds` pass, then empties it.
    /// Returns whether anything was written. The corresponding C function is `poll`.
    @discardableResult
    func wait(timeoutMilliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        guard ready > 0 else { return false }
        drain()
        return true
    }

    /// Writes one byte so a thread blocked in `wait` returns. A full pipe already means "wake up".
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < buffer.count { return }
        }
    }
}
