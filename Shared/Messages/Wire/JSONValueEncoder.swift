import Foundation

/// Encodes an `Encodable` value straight into a `JSONValue` tree, giving what decoding its `APICoding` JSON
/// would give (dates as ISO 8601 text, data as base64, URLs as their text, absent optionals left out) without
/// writing and parsing the text in between.
package struct JSONValueEncoder {
    /// How dates are written.
    package enum DateStyle: Sendable {
        /// ISO 8601 text, as `APICoding` writes them.
        case iso8601
        /// Whole milliseconds since 1970, as `WireCoding` writes them.
        case milliseconds
    }

    /// How dates are written.
    package var dates: DateStyle
    /// Refuse integers a `Double` may not hold exactly (from 10^15 on), rather than round them.
    package var exactIntegers: Bool

    /// An encoder writing dates as `dates`.
    package init(dates: DateStyle = .iso8601, exactIntegers: Bool = false) {
        self.dates = dates
        self.exactIntegers = exactIntegers
    }

    /// The tree of `value`.
    package func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node()
        try Node.encode(value, into: root, codingPath: [], options: self)
        return root.value
    }
}

/// One value under construction. A class, so containers handed out by the encoder can fill it later.
private final class Node {
    enum Content {
        case empty
        case value(JSONValue)
        case object([(String, Node)])
        case array([Node])
    }

    var content = Content.empty

    /// The finished value; an encoder that asked for no container gives an empty object, as `JSONEncoder` does.
    var value: JSONValue {
        switch content {
        case .empty: .object([:])
        case .value(let value): value
        case .object(let members):
            .object(Dictionary(members.map { ($0.0, $0.1.value) }, uniquingKeysWith: { _, last in last }))
        case .array(let elements): .array(elements.map(\.value))
        }
    }

    /// Encodes `value` into `node`, with the types `JSONEncoder` treats specially written as `APICoding` writes them.
    static func encode(
        _ value: some Encodable, into node: Node, codingPath: [any CodingKey], options: JSONValueEncoder
    ) throws {
        // Primitives are settled here: the containers' fixed-width integer overloads come back through this
        // function, so asking the value to encode itself again would never end.
        switch value {
        case let value as String: node.content = .value(.string(value))
        case let value as Bool: node.content = .value(.bool(value))
        case let value as Double: node.content = .value(.number(try SingleTree.finite(value, codingPath)))
        case let value as Float: node.content = .value(.number(try SingleTree.finite(SingleTree.double(value), codingPath)))
        case let value as any BinaryInteger: node.content = .value(.number(try integer(value, codingPath, options)))
        case let value as JSONValue: node.content = .value(value)
        case let value as Date:
            switch options.dates {
            case .iso8601: node.content = .value(.string(value.formatted(.iso8601)))
            case .milliseconds:
                node.content = .value(.number(Double(Int64((value.timeIntervalSince1970 * 1000).rounded()))))
            }
        case let value as Data: node.content = .value(.string(value.base64EncodedString()))
        case let value as URL: node.content = .value(.string(value.absoluteString))
        case let value as Decimal: node.content = .value(.number(NSDecimalNumber(decimal: value).doubleValue))
        default: try value.encode(to: TreeEncoder(node: node, codingPath: codingPath, options: options))
        }
    }

    /// An integer as a number, or the refusal `exactIntegers` asks for.
    static func integer(_ value: some BinaryInteger, _ codingPath: [any CodingKey], _ options: JSONValueEncoder) throws
        -> Double
    {
        let number = Double(value)
        guard !options.exactIntegers || abs(number) < 1e15 else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath, debugDescription: "too large to write exactly"))
        }
        return number
    }

    /// Appends a member (a key encoded twice keeps its last value).
    func member(_ key: String) -> Node {
        let child = Node()
        if case .object(var members) = content {
            content = .empty
            members.append((key, child))
            content = .object(members)
        } else {
            content = .object([(key, child)])
        }
        return child
    }

    /// Appends an element.
    func element() -> Node {
        let child = Node()
        if case .array(var elements) = content {
            content = .empty
            elements.append(child)
            content = .array(elements)
        } else {
            content = .array([child])
        }
        return child
    }

    /// Makes this node an object (keeping members already added).
    func becomeObject() { if case .object = content {} else { content = .object([]) } }

    /// Makes this node an array (keeping elements already added).
    func becomeArray() { if case .array = content {} else { content = .array([]) } }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedTree<Key>(node: node, codingPath: codingPath, options: options))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedTree(node: node, codingPath: codingPath, options: options)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTree(node: node, codingPath: codingPath, options: options)
    }
}

private struct KeyedTree<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder

    func encodeNil(forKey key: Key) throws { node.member(key.stringValue).content = .value(.null) }
    func encode(_ value: Bool, forKey key: Key) throws { node.member(key.stringValue).content = .value(.bool(value)) }
    func encode(_ value: String, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(.string(value))
    }
    func encode(_ value: Double, forKey key: Key) throws { try set(value, key) }
    func encode(_ value: Float, forKey key: Key) throws { try set(SingleTree.double(value), key) }
    func encode(_ value: Int, forKey key: Key) throws { try set(Node.integer(value, codingPath + [key], options), key) }
    func encode(_ value: Int64, forKey key: Key) throws {
        try set(Node.integer(value, codingPath + [key], options), key)
    }
    func encode(_ value: UInt64, forKey key: Key) throws {
        try set(Node.integer(value, codingPath + [key], options), key)
    }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try Node.encode(value, into: node.member(key.stringValue), codingPath: codingPath + [key], options: options)
    }

    private func set(_ value: Double, _ key: Key) throws {
        node.member(key.stringValue).content = .value(.number(try SingleTree.finite(value, codingPath + [key])))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = node.member(key.stringValue)
        child.becomeObject()
        return KeyedEncodingContainer(KeyedTree<NestedKey>(node: child, codingPath: codingPath + [key], options: options))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.member(key.stringValue)
        child.becomeArray()
        return UnkeyedTree(node: child, codingPath: codingPath + [key], options: options)
    }

    func superEncoder() -> any Encoder {
        TreeEncoder(node: node.member("super"), codingPath: codingPath, options: options)
    }
    func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key], options: options)
    }
}

private struct UnkeyedTree: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder
    var count: Int { if case .array(let elements) = node.content { elements.count } else { 0 } }

    mutating func encodeNil() throws { node.element().content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.element().content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.element().content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws {
        node.element().content = .value(.number(try SingleTree.finite(value, codingPath + [IndexKey(count)])))
    }
    mutating func encode(_ value: Int) throws {
        let number = try Node.integer(value, codingPath + [IndexKey(count)], options)
        node.element().content = .value(.number(number))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        try Node.encode(value, into: node.element(), codingPath: path, options: options)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let path = codingPath + [IndexKey(count)]
        let child = node.element()
        child.becomeObject()
        return KeyedEncodingContainer(KeyedTree<NestedKey>(node: child, codingPath: path, options: options))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        let child = node.element()
        child.becomeArray()
        return UnkeyedTree(node: child, codingPath: path, options: options)
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [IndexKey(count)]
        return TreeEncoder(node: node.element(), codingPath: path, options: options)
    }
}

private struct SingleTree: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder

    /// `value`, or the error `JSONEncoder` gives for a number JSON cannot hold.
    static func finite(_ value: Double, _ codingPath: [any CodingKey]) throws -> Double {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath, debugDescription: "JSON has no \(value)"))
        }
        return value
    }

    /// A `Float` as the `Double` its JSON text reads back as (`0.1`, not `0.10000000149011612`).
    static func double(_ value: Float) -> Double { Double("\(value)") ?? Double(value) }

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(.number(try Self.finite(value, codingPath))) }
    mutating func encode(_ value: Float) throws { try encode(Self.double(value)) }
    mutating func encode(_ value: Int) throws {
        node.content = .value(.number(try Node.integer(value, codingPath, options)))
    }
    mutating func encode(_ value: Int64) throws {
        node.content = .value(.number(try Node.integer(value, codingPath, options)))
    }
    mutating func encode(_ value: UInt64) throws {
        node.content = .value(.number(try Node.integer(value, codingPath, options)))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try Node.encode(value, into: node, codingPath: codingPath, options: options)
    }
}
