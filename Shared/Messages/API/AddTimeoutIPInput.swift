/// `AddTimeoutIPInput`: the body of `POST /v2/operations/ipaddr`.
package struct AddTimeoutIPInput: Codable, Sendable, Equatable {
    /// The IP address or CIDR (7–40 characters).
    package var ipaddr: String
    /// How long, in hours (1–720).
    package var hours: Int

    /// A timeout.
    package init(ipaddr: String, hours: Int) {
        self.ipaddr = ipaddr
        self.hours = hours
    }
}
