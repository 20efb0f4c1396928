import Foundation

/// The JSON coders of the public v2 API. Responses are written without escaping `/`, so base64 images are not
/// inflated by `\/` sequences; dates are ISO 8601 as the reference writes them.
package enum APICoding {
    /// An encoder for response bodies.
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A decoder for request bodies.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// A request body read through a `JSONValue` tree, with `decoder()` deciding whatever the tree can't: its value
    /// or error (which callers map to the API's schema errors) is then the answer.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try treeDecoder.decode(type, from: bytes)
    }

    private static let treeDecoder = JSONValueDecoder(dates: .iso8601, fallback: decoder)

    /// Encodes `value` to bytes.
    package static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try encoder().encode(value))
    }

    /// A response body on a hot path: built as a `JSONValue` tree and written directly, with `encoder()` as the
    /// fallback for what the tree may not hold exactly (integers from 10^15 on). Same JSON as `encode(_:)` gives,
    /// members in no particular order.
    package static func encodeDirect(_ value: some Encodable) throws -> [UInt8] {
        if let tree = try? JSONValueEncoder(dates: .iso8601, exactIntegers: true).encode(value),
            let bytes = try? tree.serialized()
        {
            return bytes
        }
        return try encode(value)
    }

    /// A `JSONValue` tree written directly (several times faster than `JSONEncoder`), `/` unescaped as above.
    package static func encode(_ value: JSONValue) throws -> [UInt8] {
        try value.serialized()
    }

    /// An encodable value as the `JSONValue` tree its JSON would read back as (to merge it into a worker payload),
    /// built without the text in between.
    package static func jsonValue(of value: some Encodable) throws -> JSONValue {
        try JSONValueEncoder().encode(value)
    }
}
