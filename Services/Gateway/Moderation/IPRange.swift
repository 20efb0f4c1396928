import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An IP address or CIDR block, IPv4 or IPv6. IPv4 is held as the IPv4-mapped IPv6 form, so one 16-byte
/// comparison serves both families.
struct IPRange: Sendable, Hashable, CustomStringConvertible {
    /// The network address, 16 bytes.
    let network: [UInt8]
    /// The prefix length over the 16 bytes (96 + n for IPv4 /n).
    let prefixLength: Int
    /// Whether it was written as IPv4.
    let isIPv4: Bool

    /// Parses `1.2.3.4`, `1.2.3.0/24`, `2001:db8::1`, `2001:db8::/64`; nil for anything else.
    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let (bytes, v4) = Self.parseAddress(String(parts[0])) else {
            return nil
        }
        var length = v4 ? 32 : 128
        if parts.count == 2 {
            guard let given = Int(parts[1]), given >= 0, given <= length, parts[1].allSatisfy(\.isNumber) else {
                return nil
            }
            length = given
        }
        let full = v4 ? length + 96 : length
        self.network = Self.masked(bytes, full)
        self.prefixLength = full
        self.isIPv4 = v4
    }

    /// The block of one address with this prefix (IPv6 workers are blocked as their /64).
    init?(address: String, ipv6Prefix: Int) {
        guard let (bytes, v4) = Self.parseAddress(address) else { return nil }
        let full = v4 ? 128 : ipv6Prefix
        self.network = Self.masked(bytes, full)
        self.prefixLength = full
        self.isIPv4 = v4
    }

    /// Whether `address` (a plain IP) lies in this block.
    func contains(_ address: String) -> Bool {
        guard let (bytes, _) = Self.parseAddress(address) else { return false }
        return contains(bytes: bytes)
    }

    /// Whether the 16 address bytes (as `parseAddress` gives them) lie in this block.
    func contains(bytes: [UInt8]) -> Bool { Self.masked(bytes, prefixLength) == network }

    /// The canonical text: `1.2.3.4` for one IPv4 address, `1.2.3.0/24` for a block.
    var description: String {
        if isIPv4 {
            let address = network[12..<16].map(String.init).joined(separator: ".")
            return prefixLength == 128 ? address : "\(address)/\(prefixLength - 96)"
        }
        var words: [String] = []
        for index in stride(from: 0, to: 16, by: 2) {
            words.append(String(UInt16(network[index]) << 8 | UInt16(network[index + 1]), radix: 16))
        }
        let address = words.joined(separator: ":")
        return prefixLength == 128 ? address : "\(address)/\(prefixLength)"
    }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        var result = bytes
        for index in 0..<16 {
            let bits = max(0, min(8, length - index * 8))
            result[index] &= bits == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
        }
        return result
    }

    /// The 16 bytes of an address and whether it is IPv4 (an IPv4-mapped IPv6 address counts as IPv4).
    static func parseAddress(_ text: String) -> ([UInt8], Bool)? {
        guard !text.isEmpty, text.utf8.count <= 45, !text.utf8.contains(0) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let value = UInt32(bigEndian: v4.s_addr)
            return ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - $0 * 8)) }, true)
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        return (bytes, mapped)
    }
}
