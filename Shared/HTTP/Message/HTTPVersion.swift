/// An HTTP protocol version (`HTTP/1.1` is `major: 1, minor: 1`).
package struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major version.
    package var major: Int
    /// The minor version.
    package var minor: Int

    /// A version from its numbers.
    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `HTTP/1.0`.
    package static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// `HTTP/1.1`.
    package static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// The version as written on the wire.
    package var description: String { "HTTP/\(major).\(minor)" }
}
