import Foundation
import HTTP
import Messages
import ServiceKit

/// Decodes request bodies into the API models and turns every way a body can be wrong into the right 400.
enum JSONBody {
    /// Decodes the body as `T`. Malformed JSON → 400 `BadRequest`; anything but an object → 400 `ValidationError`; wrong types, missing required fields → 400
    /// `ValidationError` naming the fields; a NUL character in any string → 400 `NulByteInPayload`.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        let bytes = body.allSatisfy(Self.isWhitespace) ? Array("{}".utf8) : body
        if containsEscapedNul(bytes),
            let tree = try? APICoding.decoder().decode(JSONValue.self, from: Data(bytes)), containsNul(tree)
        {
            throw HordeError(.nulByteInPayload, "A string in the payload contains a NUL character")
        }
        do {
            return try APICoding.decode(T.self, from: bytes)
        } catch let error as DecodingError {
            throw mapped(error)
        } catch {
            throw HordeError(.badRequest, "The request body is not valid JSON")
        }
    }

    /// The schema error for a decoding failure; `cfg_scale` of the wrong type has its own rc.
    static func mapped(_ error: DecodingError) -> HordeError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .validation(errors: [field: "'\(key.stringValue)' is a required property"])
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            if context.codingPath.isEmpty { return .validation(errors: ["": "The payload must be a JSON object"]) }
            if field.hasSuffix("cfg_scale") { return HordeError(.badCFGNumber, "cfg_scale needs to be a number") }
            return .validation(errors: [field: "Expected \(describe(type))"])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return HordeError(.badRequest, "The request body is not valid JSON") }
            let field = path(context.codingPath)
            if field.hasSuffix("cfg_scale") { return HordeError(.badCFGNumber, "cfg_scale needs to be a number") }
            return .validation(errors: [field: "Invalid value"])
        @unknown default:
            return .validation(errors: ["": "Invalid payload"])
        }
    }

    /// `params.loras.0.name`, as the reference's validator names fields.
    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is String.Type: "a string"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// A cheap pre-check: a NUL can only reach a decoded string through a `\u0000` escape.
    private static func containsEscapedNul(_ bytes: [UInt8]) -> Bool {
        let needle = Array("\\u0000".utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if Array(bytes[start..<start + needle.count]) == needle { return true }
        }
        return false
    }

    private static func containsNul(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.unicodeScalars.contains("\0")
        case .array(let items): items.contains(where: containsNul)
        case .object(let object): object.contains { $0.key.unicodeScalars.contains("\0") || containsNul($0.value) }
        default: false
        }
    }
}
