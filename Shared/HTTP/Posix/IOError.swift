import Glibc

/// A failed system call: the call's name and its `errno`. The description names both and never any data.
package struct IOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The C function that failed (`connect`, `accept4`, …).
    package let call: String
    /// The `errno` it left behind.
    package let errno: Int32

    /// A failure of `call` with `errno`.
    package init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// True when the peer went away (reset, broken pipe): expected on the network, not a fault of ours.
    package var isDisconnect: Bool {
        errno == ECONNRESET || errno == EPIPE || errno == ENOTCONN || errno == ECONNABORTED
    }

    /// The call, the system's text for `errno`, and the number.
    package var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// The result of a non-blocking call: done, or it would have blocked (`EAGAIN`), which is not an error.
enum IOResult<Value: Sendable>: Sendable {
    /// The call completed with this value.
    case processed(Value)
    /// The call would have blocked; wait for readiness and retry.
    case wouldBlock
}
