/// `DeleteTimeoutIPInput`: the body of `DELETE /v2/operations/ipaddr`.
package struct DeleteTimeoutIPInput: Codable, Sendable, Equatable {
    /// The IP address or CIDR to release (7–40 characters).
    package var ipaddr: String

    /// A release.
    package init(ipaddr: String) { self.ipaddr = ipaddr }
}
