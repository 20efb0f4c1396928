import Glibc

/// An IPv4 or IPv6 address plus port. The C `sockaddr` forms stay inside this folder.
package struct SocketAddress: Sendable, CustomStringConvertible, Equatable {
    private enum Storage: Sendable {
        case v4(sockaddr_in)
        case v6(sockaddr_in6)
    }

    private let storage: Storage

    /// Parses a numeric IPv4 (`127.0.0.1`) or IPv6 (`::1`, optionally in brackets) address; `nil` for names.
    /// The corresponding C function is `inet_pton`.
    package init?(ip: String, port: Int) {
        guard (0...65535).contains(port) else { return nil }
        var host = ip
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(port).bigEndian
            storage = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(port).bigEndian
            storage = .v6(v6)
            return
        }
        return nil
    }

    private init(storage: Storage) { self.storage = storage }

    /// `AF_INET` or `AF_INET6`.
    var family: Int32 {
        switch storage {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// The port in host byte order.
    package var port: Int {
        switch storage {
        case .v4(let address): Int(UInt16(bigEndian: address.sin_port))
        case .v6(let address): Int(UInt16(bigEndian: address.sin6_port))
        }
    }

    /// The numeric address without the port (`127.0.0.1`, `::1`). The corresponding C function is `inet_ntop`.
    package var ip: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch storage {
        case .v4(var address):
            guard inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count)) != nil else { return "" }
        case .v6(var address):
            guard inet_ntop(AF_INET6, &address.sin6_addr, &text, socklen_t(text.count)) != nil else { return "" }
        }
        return String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `ip:port`, with brackets around IPv6 addresses.
    package var description: String {
        switch storage {
        case .v4: "\(ip):\(port)"
        case .v6: "[\(ip)]:\(port)"
        }
    }

    /// Same family, address and port.
    package static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        lhs.family == rhs.family && lhs.ip == rhs.ip && lhs.port == rhs.port
    }

    /// Lends the C form to a system call.
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        switch storage {
        case .v4(var address):
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var address):
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }

    /// Lets a system call (`accept4`, `getsockname`) fill in an address; `nil` for families other than IP.
    static func reading(
        _ body: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Void
    ) -> SocketAddress? {
        var raw = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &raw) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, &length) }
        }
        switch Int32(raw.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &raw) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { SocketAddress(storage: .v4($0.pointee)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &raw) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { SocketAddress(storage: .v6($0.pointee)) }
            }
        default:
            return nil
        }
    }
}
