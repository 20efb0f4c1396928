/// Reads strict JSON (RFC 8259) into a `JSONValue` tree, for `JSONValueDecoder`. It refuses, rather than guesses
/// at, anything the tree could not hold exactly or Foundation might read differently: integers of more than 15
/// digits, duplicate keys, invalid escapes or UTF-8. A refusal is not an answer about the input: callers then
/// decode with `JSONDecoder`, whose result and errors stand.
package struct JSONValueParser {
    /// Why the parser gave up (position in the input, for tests and logs).
    package struct Refusal: Error, Equatable {
        /// The byte offset it stopped at.
        package let offset: Int
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// Nesting deeper than this is left to `JSONDecoder` (which has its own limit), so no input can exhaust the
    /// stack here.
    static let maxDepth = 256

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The tree of `bytes`, which must hold exactly one JSON value (whitespace around it allowed).
    package static func parse(_ bytes: [UInt8]) throws(Refusal) -> JSONValue {
        var parser = JSONValueParser(bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw Refusal(offset: parser.index) }
        return value
    }

    private mutating func value() throws(Refusal) -> JSONValue {
        guard index < bytes.count else { throw refusal }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func object() throws(Refusal) -> JSONValue {
        depth += 1
        guard depth <= Self.maxDepth else { throw refusal }
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw refusal }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw refusal }
            index += 1
            skipWhitespace()
            let member = try value()
            guard members.updateValue(member, forKey: key) == nil else { throw refusal }
            if try closes(with: "}") { return .object(members) }
        }
    }

    private mutating func array() throws(Refusal) -> JSONValue {
        depth += 1
        guard depth <= Self.maxDepth else { throw refusal }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value())
            if try closes(with: "]") { return .array(elements) }
        }
    }

    /// After a member or element: true at the container's closing `bracket` (consumed, the container left), false
    /// at a comma (consumed, another follows).
    private mutating func closes(with bracket: Unicode.Scalar) throws(Refusal) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw refusal }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            return false
        }
        guard bytes[index] == UInt8(ascii: bracket) else { throw refusal }
        index += 1
        depth -= 1
        return true
    }

    /// A string starting at the opening quote; the common case (no escapes) is one UTF-8 validation of a slice.
    private mutating func string() throws(Refusal) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let text = String(validating: bytes[start..<index], as: UTF8.self) else { throw refusal }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw refusal }
            index += 1
        }
        throw refusal
    }

    private mutating func escapedString(from start: Int) throws(Refusal) -> String {
        var scalars: [UInt8] = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scalars, as: UTF8.self) else { throw refusal }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw refusal }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw refusal }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw refusal }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw refusal }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw refusal
                }
            default:
                guard byte >= 0x20 else { throw refusal }
                scalars.append(byte)
                index += 1
            }
        }
        throw refusal
    }

    private mutating func hex4() throws(Refusal) -> UInt32 {
        guard index + 4 <= bytes.count else { throw refusal }
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(bytes[index]) else { throw refusal }
            code = code << 4 | UInt32(digit)
            index += 1
        }
        return code
    }

    /// The value of one hexadecimal digit, either case.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A number in JSON's grammar; integers of up to 15 digits are exact in a `Double`, longer ones are refused.
    private mutating func number() throws(Refusal) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        guard index < bytes.count, isDigit(bytes[index]) else { throw refusal }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let integerDigits = index - digitsStart
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw refusal }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw refusal }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if integral {
            guard integerDigits <= 15 else { throw Refusal(offset: start) }
            var value: Int64 = 0
            for position in digitsStart..<index { value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
            return bytes[start] == UInt8(ascii: "-") ? -Double(value) : Double(value)
        }
        guard let text = String(validating: bytes[start..<index], as: UTF8.self), let value = Double(text),
            value.isFinite
        else { throw Refusal(offset: start) }
        return value
    }

    private mutating func literal(_ word: StaticString) throws(Refusal) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw refusal }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw refusal }
        index += count
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private var refusal: Refusal { Refusal(offset: index) }
}
