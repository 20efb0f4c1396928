import Foundation

/// A JSON document bound as `jsonb` (and decoded from `json`/`jsonb` columns), kept as its raw text.
package struct PostgresJSON: PostgresBindable, Hashable, Sendable {
    /// The JSON text, exactly as given or as the server printed it.
    package var rawJSON: String

    /// Wraps JSON text; the server validates it when the statement runs.
    package init(_ rawJSON: String) { self.rawJSON = rawJSON }

    /// Encodes `value` with `encoder`.
    package init(encoding value: some Encodable, encoder: JSONEncoder = JSONEncoder()) throws {
        self.rawJSON = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes the document as `type` with `decoder`.
    package func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: Data(rawJSON.utf8))
    }

    /// `jsonb`.
    package static var postgresType: PostgresDataType { .jsonb }
    /// The raw text, typed `jsonb`.
    package var postgresBind: PostgresBind { PostgresBind(type: .jsonb, value: .text(rawJSON)) }
}
