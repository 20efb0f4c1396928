/// `IPTimeout`: one IP or CIDR in timeout and the seconds it has left.
package struct IPTimeout: Codable, Sendable, Equatable {
    /// The IP address or CIDR.
    package var ipaddr: String
    /// Seconds until the timeout ends.
    package var seconds: Int

    /// An entry.
    package init(ipaddr: String, seconds: Int) {
        self.ipaddr = ipaddr
        self.seconds = seconds
    }
}
