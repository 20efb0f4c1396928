import Foundation

/// A numeric IPv4 or IPv6 address and the kind of network it belongs to, for deciding where webhooks may go.
///
/// Parsing is done here (not with `inet_pton`) so the rules are plain Swift and unit-testable; it reads the
/// textual forms resolvers print: dotted IPv4, and IPv6 with `::` compression and an optional trailing dotted
/// IPv4 part.
package struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    /// Four bytes (IPv4) or sixteen (IPv6), network order.
    package let bytes: [UInt8]

    /// Which kind of network an address is on.
    package enum Scope: String, Sendable, Equatable {
        /// Reachable on the public internet.
        case global
        /// This host: 127/8, ::1, and the unspecified 0.0.0.0/8 and :: (which connect to this host on Linux).
        case loopback
        /// RFC 1918, carrier-grade NAT (100.64/10), IPv6 unique-local and site-local.
        case privateNetwork
        /// 169.254/16 and fe80::/10, where cloud metadata services live.
        case linkLocal
        /// 224.0.0.0/4 and ff00::/8.
        case multicast
        /// Documentation, benchmarking, protocol-assignment and other special-purpose blocks.
        case reserved
    }

    /// Parses a numeric address (IPv6 may be bracketed and carry a zone); nil for anything else.
    package init?(_ text: String) {
        var host = Substring(text)
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        // A zone index (fe80::1%eth0) names an interface, not part of the address.
        if let percent = host.firstIndex(of: "%") { host = host[..<percent] }
        if let v4 = Self.parseIPv4(host) {
            bytes = v4
        } else if let v6 = Self.parseIPv6(host) {
            bytes = v6
        } else {
            return nil
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// True for four-byte addresses.
    package var isIPv4: Bool { bytes.count == 4 }

    /// Dotted IPv4, or eight uncompressed IPv6 groups.
    package var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    /// The kind of network the address belongs to.
    package var scope: Scope { isIPv4 ? Self.scopeIPv4(bytes) : scopeIPv6 }

    /// The IPv4 address of any spelling `inet_aton` accepts (and so resolvers and HTTP clients connect to):
    /// one to four parts, each decimal, `0x` hex or `0`-led octal, the last filling the remaining bytes
    /// (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`); nil for anything else.
    package static func anyIPv4Spelling(_ text: String) -> IPAddress? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt32] = []
        for part in parts {
            let lowered = part.lowercased()
            let value: UInt32?
            if lowered.hasPrefix("0x") {
                value = lowered.count > 2 ? UInt32(lowered.dropFirst(2), radix: 16) : 0
            } else if lowered.count > 1, lowered.hasPrefix("0") {
                value = UInt32(lowered.dropFirst(), radix: 8)
            } else {
                value = lowered.isEmpty ? nil : UInt32(lowered, radix: 10)
            }
            guard let value else { return nil }
            values.append(value)
        }
        // Every part but the last is one byte; the last fills the bytes that are left.
        let leading = values.dropLast()
        guard leading.allSatisfy({ $0 <= 255 }), let last = values.last else { return nil }
        let lastBytes = 4 - leading.count
        guard lastBytes == 4 || last < (UInt32(1) << (8 * UInt32(lastBytes))) else { return nil }
        var bytes = leading.map { UInt8($0) }
        for shift in stride(from: (lastBytes - 1) * 8, through: 0, by: -8) { bytes.append(UInt8((last >> UInt32(shift)) & 0xFF)) }
        return IPAddress(bytes: bytes)
    }

    private static func scopeIPv4(_ b: [UInt8]) -> Scope {
        switch (b[0], b[1], b[2]) {
        case (0, _, _), (127, _, _): .loopback
        case (10, _, _), (192, 168, _): .privateNetwork
        case (172, 16...31, _): .privateNetwork
        case (100, 64...127, _): .privateNetwork
        case (169, 254, _): .linkLocal
        case (192, 0, 0), (192, 0, 2), (198, 51, 100), (203, 0, 113), (192, 88, 99): .reserved
        case (198, 18...19, _): .reserved
        case (224...239, _, _): .multicast
        case (240...255, _, _): .reserved
        default: .global
        }
    }

    private var scopeIPv6: Scope {
        let b = bytes
        let firstTen = b[0..<10].allSatisfy { $0 == 0 }
        if firstTen, b[10] == 0, b[11] == 0 {
            if b[12..<15].allSatisfy({ $0 == 0 }), b[15] <= 1 { return .loopback }  // :: and ::1
            return .reserved  // deprecated IPv4-compatible addresses
        }
        // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the embedded IPv4 address.
        if firstTen, b[10] == 0xFF, b[11] == 0xFF { return Self.scopeIPv4(Array(b[12..<16])) }
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B {
            if b[4..<12].allSatisfy({ $0 == 0 }) { return Self.scopeIPv4(Array(b[12..<16])) }
            if b[4] == 0x00, b[5] == 0x01 { return .privateNetwork }  // 64:ff9b:1::/48, local-use NAT64
        }
        // 6to4 (2002::/16) carries the IPv4 address in bytes 2...5.
        if b[0] == 0x20, b[1] == 0x02 { return Self.scopeIPv4(Array(b[2..<6])) }
        if b[0] == 0xFF { return .multicast }
        if b[0] & 0xFE == 0xFC { return .privateNetwork }  // fc00::/7
        if b[0] == 0xFE, b[1] & 0xC0 == 0x80 { return .linkLocal }  // fe80::/10
        if b[0] == 0xFE, b[1] & 0xC0 == 0xC0 { return .privateNetwork }  // fec0::/10, deprecated site-local
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0D, b[3] == 0xB8 { return .reserved }  // documentation
        if b[0] == 0x20, b[1] == 0x01, b[2] & 0xFE == 0x00 { return .reserved }  // 2001::/23, incl. Teredo
        if b[0] == 0x01, b[1] == 0x00, b[2..<8].allSatisfy({ $0 == 0 }) { return .reserved }  // discard 100::/64
        // Only 2000::/3 is allocated as global unicast.
        return b[0] & 0xE0 == 0x20 ? .global : .reserved
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(part), value <= 255
            else { return nil }
            result.append(UInt8(value))
        }
        return result
    }

    private static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), text.count <= 45 else { return nil }
        let words: [UInt16]
        if let gap = text.range(of: "::") {
            let after = text[gap.upperBound...]
            guard !after.contains("::"), let head = groups(text[..<gap.lowerBound], allowIPv4: false),
                let tail = groups(after, allowIPv4: true), head.count + tail.count <= 7
            else { return nil }
            words = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = groups(text, allowIPv4: true), all.count == 8 else { return nil }
            words = all
        }
        return words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Colon-separated hex groups; the last may be a dotted IPv4 address (two groups).
    private static func groups(_ text: Substring, allowIPv4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowIPv4, part.contains(".") {
                guard let v4 = parseIPv4(part) else { return nil }
                result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                continue
            }
            guard !part.isEmpty, part.count <= 4, part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16)
            else { return nil }
            result.append(value)
        }
        return result
    }
}
