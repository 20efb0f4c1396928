/// Byte classes from RFC 9110/9112, as lookup tables so the parser's inner loops are a load and a compare.
enum ASCII {
    /// Carriage return.
    static let cr: UInt8 = 0x0D
    /// Line feed.
    static let lf: UInt8 = 0x0A
    /// Space.
    static let space: UInt8 = 0x20
    /// Horizontal tab.
    static let tab: UInt8 = 0x09
    /// The header name/value separator.
    static let colon: UInt8 = 0x3A
    /// The chunk extension separator.
    static let semicolon: UInt8 = 0x3B

    /// `tchar`: the characters of a token (method names, header names).
    static let tokenTable: [Bool] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }

    /// `field-vchar`, space and tab, plus obs-text: what a header value may contain.
    static let fieldValueTable: [Bool] = (0..<256).map { byte in
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// Visible characters allowed in a request target (no controls, no space; obs-text tolerated).
    static let targetTable: [Bool] = (0..<256).map { byte in
        byte > 0x20 && byte != 0x7F
    }

    /// Whether `byte` is a `tchar`.
    @inline(__always) static func isToken(_ byte: UInt8) -> Bool { tokenTable[Int(byte)] }
    @inline(__always) static func isFieldValue(_ byte: UInt8) -> Bool { fieldValueTable[Int(byte)] }
    @inline(__always) static func isTarget(_ byte: UInt8) -> Bool { targetTable[Int(byte)] }

    /// The ASCII lower-case form of `byte` (other bytes unchanged).
    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The value of a hexadecimal digit, or `nil`.
    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Appends the decimal digits of a non-negative integer (no `String` in between).
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        let value = max(0, value)
        var divisor = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
            divisor /= 10
        }
    }
}
