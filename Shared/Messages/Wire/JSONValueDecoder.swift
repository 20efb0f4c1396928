import Foundation

/// Decodes any `Decodable` from JSON through a `JSONValue` tree (`JSONValueParser`), the mirror of
/// `JSONValueEncoder`. It reads values as `JSONDecoder` does (integers only from exact numbers, dates by the
/// chosen style, data as base64, URLs from strings), but is only the fast path: whenever it cannot decode, it
/// hands the bytes to `JSONDecoder`, whose value or error is the answer. So an input never decodes to something
/// Foundation would refuse, and every error a caller sees is Foundation's.
package struct JSONValueDecoder {
    /// How dates are read.
    package enum DateStyle: Sendable {
        /// ISO 8601 strings, as `JSONDecoder.DateDecodingStrategy.iso8601` reads them (the public API).
        case iso8601
        /// Milliseconds since 1970, as `WireCoding` writes them.
        case milliseconds
    }

    /// How dates are read.
    package let dates: DateStyle
    /// The decoder used whenever the tree can't answer.
    private let fallback: @Sendable () -> JSONDecoder

    /// A decoder reading dates as `dates`, with `fallback` configured to match.
    package init(dates: DateStyle, fallback: @escaping @Sendable () -> JSONDecoder) {
        self.dates = dates
        self.fallback = fallback
    }

    /// `type` from `bytes`.
    package func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if let tree = try? JSONValueParser.parse(bytes), let value = try? decode(type, from: tree) {
            return value
        }
        return try fallback().decode(type, from: Data(bytes))
    }

    /// `type` from a tree already parsed. Throws `DecodingError` like `JSONDecoder` for what does not fit, without
    /// the fallback (the tree has no text to give it).
    package func decode<T: Decodable>(_ type: T.Type, from tree: JSONValue) throws -> T {
        try TreeReader(dates: dates).unbox(tree, as: type, at: nil)
    }
}

/// A coding path as a chain of keys, turned into an array only when someone asks (errors, mostly): most values
/// are decoded without anyone looking at their path.
private final class TreePath {
    let key: any CodingKey
    let parent: TreePath?

    init(_ key: any CodingKey, parent: TreePath?) {
        self.key = key
        self.parent = parent
    }

    static func keys(_ path: TreePath?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = path
        while let current = node {
            keys.append(current.key)
            node = current.parent
        }
        return keys.reversed()
    }
}

/// The reading rules shared by the containers.
private struct TreeReader: Sendable {
    let dates: JSONValueDecoder.DateStyle

    // Metatype comparisons, most frequent first: a dynamic `is` cast per candidate would cost more than the
    // decode itself.
    func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, at path: TreePath?) throws -> T {
        if T.self == String.self { return try string(value, path) as! T }
        if T.self == UUID.self {
            guard let id = UUID(hexText: try string(value, path)) else {
                throw corrupted("Attempted to decode UUID from invalid UUID string.", path)
            }
            return id as! T
        }
        if T.self == Int.self { return try integer(value, Int.self, path) as! T }
        if T.self == Double.self { return try number(value, type, path) as! T }
        if T.self == Bool.self {
            guard case .bool(let flag) = value else { throw mismatch(type, value, path) }
            return flag as! T
        }
        if T.self == Date.self { return try date(value, path) as! T }
        if T.self == JSONValue.self { return value as! T }
        if T.self == Int64.self { return try integer(value, Int64.self, path) as! T }
        if T.self == URL.self {
            guard let url = URL(string: try string(value, path)) else { throw corrupted("Invalid URL string.", path) }
            return url as! T
        }
        if T.self == Data.self {
            guard let data = Data(base64Encoded: try string(value, path)) else {
                throw corrupted("Encountered Data is not valid Base64.", path)
            }
            return data as! T
        }
        if T.self == Decimal.self { throw corrupted("Decimal is left to JSONDecoder.", path) }
        return try T(from: TreeNodeDecoder(value: value, codingPath: path, reader: self))
    }

    func string(_ value: JSONValue, _ path: TreePath?) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, value, path) }
        return text
    }

    func number(_ value: JSONValue, _ type: Any.Type, _ path: TreePath?) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(type, value, path) }
        return number
    }

    func integer<I: FixedWidthInteger>(_ value: JSONValue, _ type: I.Type, _ path: TreePath?) throws -> I {
        let number = try number(value, type, path)
        guard let integer = I(exactly: number) else {
            throw corrupted("Parsed JSON number <\(number)> does not fit in \(type).", path)
        }
        return integer
    }

    func float(_ value: JSONValue, _ path: TreePath?) throws -> Float {
        let number = try number(value, Float.self, path)
        let narrowed = Float(number)
        guard narrowed.isFinite else { throw corrupted("Parsed JSON number does not fit in Float.", path) }
        return narrowed
    }

    func date(_ value: JSONValue, _ path: TreePath?) throws -> Date {
        switch dates {
        case .milliseconds: return Date(milliseconds: try number(value, Double.self, path))
        case .iso8601:
            let text = try string(value, path)
            guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
                throw corrupted("Expected date string to be ISO8601-formatted.", path)
            }
            return date
        }
    }

    func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: TreePath?) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: TreePath.keys(path), debugDescription: "Found null."))
        }
        return .typeMismatch(type, .init(codingPath: TreePath.keys(path), debugDescription: "Found another type."))
    }

    func corrupted(_ description: String, _ path: TreePath?) -> DecodingError {
        .dataCorrupted(.init(codingPath: TreePath.keys(path), debugDescription: description))
    }
}

/// One node of the tree as a `Decoder`.
private struct TreeNodeDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let path: TreePath?
    let reader: TreeReader
    var codingPath: [any CodingKey] { TreePath.keys(path) }

    init(value: JSONValue, codingPath: TreePath?, reader: TreeReader) {
        self.value = value
        self.path = codingPath
        self.reader = reader
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw reader.mismatch([String: JSONValue].self, value, path)
        }
        return KeyedDecodingContainer(TreeKeyedContainer<Key>(members: members, codingPath: path, reader: reader))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw reader.mismatch([JSONValue].self, value, path) }
        return TreeUnkeyedContainer(elements: elements, codingPath: path, reader: reader)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.unbox(value, as: type, at: path) }
    func decode(_ type: String.Type) throws -> String { try reader.string(value, path) }
    func decode(_ type: Double.Type) throws -> Double { try reader.number(value, type, path) }
    func decode(_ type: Float.Type) throws -> Float { try reader.float(value, path) }
    func decode(_ type: Int.Type) throws -> Int { try reader.integer(value, type, path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(value, type, path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(value, type, path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(value, type, path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(value, type, path) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(value, type, path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(value, type, path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(value, type, path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(value, type, path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(value, type, path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.unbox(value, as: type, at: path) }
}

/// An object's members by key.
private struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let path: TreePath?
    let reader: TreeReader
    var codingPath: [any CodingKey] { TreePath.keys(path) }

    init(members: [String: JSONValue], codingPath: TreePath?, reader: TreeReader) {
        self.members = members
        self.path = codingPath
        self.reader = reader
    }

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: TreePath.keys(path), debugDescription: "No value associated with key \(key)."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try reader.unbox(try member(key), as: type, at: TreePath(key, parent: path))
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try reader.float(try member(key), TreePath(key, parent: path))
    }

    // One lookup for an optional member (the protocol's default makes three).
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try reader.unbox(value, as: type, at: TreePath(key, parent: path))
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try reader.string(value, TreePath(key, parent: path))
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try reader.unbox(value, as: type, at: TreePath(key, parent: path))
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try reader.number(value, type, TreePath(key, parent: path))
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try reader.integer(value, type, TreePath(key, parent: path))
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try reader.string(try member(key), TreePath(key, parent: path))
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try reader.integer(try member(key), type, TreePath(key, parent: path))
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try reader.number(try member(key), type, TreePath(key, parent: path))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeNodeDecoder(value: try member(key), codingPath: TreePath(key, parent: path), reader: reader)
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeNodeDecoder(value: try member(key), codingPath: TreePath(key, parent: path), reader: reader).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TreeNodeDecoder(value: members["super"] ?? .null, codingPath: path, reader: reader)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeNodeDecoder(value: members[key.stringValue] ?? .null, codingPath: TreePath(key, parent: path), reader: reader)
    }
}

/// An array's elements in order.
private struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let path: TreePath?
    let reader: TreeReader
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { TreePath.keys(path) }

    init(elements: [JSONValue], codingPath: TreePath?, reader: TreeReader) {
        self.elements = elements
        self.path = codingPath
        self.reader = reader
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var indexKey: any CodingKey { TreeIndexKey(index: currentIndex) }

    private func current(_ type: Any.Type) throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: TreePath.keys(TreePath(indexKey, parent: path)),
                    debugDescription: "Unkeyed container is at end."))
        }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard try current(Never.self) == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try reader.unbox(try current(type), as: type, at: TreePath(indexKey, parent: path))
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        let value = try reader.float(try current(type), TreePath(indexKey, parent: path))
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let container = try TreeNodeDecoder(
            value: try current(type), codingPath: TreePath(indexKey, parent: path), reader: reader
        ).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try TreeNodeDecoder(
            value: try current([JSONValue].self), codingPath: TreePath(indexKey, parent: path), reader: reader
        ).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = TreeNodeDecoder(
            value: try current(JSONValue.self), codingPath: TreePath(indexKey, parent: path), reader: reader)
        currentIndex += 1
        return decoder
    }
}

/// The coding key of an array element.
private struct TreeIndexKey: CodingKey {
    let index: Int
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    init(index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
}

extension UUID {
    /// A UUID from its 36-character text in either case, as `UUID(uuidString:)` reads it, without the `sscanf` that
    /// makes the latter the largest cost of decoding an envelope.
    init?(hexText text: String) {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        var byteIndex = 0
        var high: UInt8? = nil
        var position = 0
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let character = utf8[index]
            defer {
                position += 1
                index = utf8.index(after: index)
            }
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let nibble = JSONValueParser.hexValue(character) else { return nil }
            if let first = high {
                bytes[byteIndex] = first << 4 | nibble
                byteIndex += 1
                high = nil
            } else {
                high = nibble
            }
        }
        self.init(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
