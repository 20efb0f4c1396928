import Messages

/// Swagger 2.0 schemas read off a sample value: the value is encoded the way responses are, and each JSON node
/// becomes its schema (a whole number is an `integer`, so samples give fractional values to `number` fields).
/// Deriving schemas from the encoded models keeps the document in step with what the API really sends.
enum SchemaInference {
    /// The schema of `sample` as the API encodes it; `{"type": "object"}` if it cannot be encoded.
    static func schema(of sample: some Encodable) -> JSONValue {
        guard let tree = try? APICoding.jsonValue(of: sample) else { return ["type": "object"] }
        return schema(of: tree)
    }

    /// The schema of a JSON tree.
    static func schema(of tree: JSONValue) -> JSONValue {
        switch tree {
        case .null:
            return ["type": "string", "x-nullable": true]
        case .bool:
            return ["type": "boolean"]
        case .number(let value):
            return value == value.rounded() && abs(value) < 9e15 ? ["type": "integer"] : ["type": "number"]
        case .string:
            return ["type": "string"]
        case .array(let items):
            return ["type": "array", "items": items.first.map(schema(of:)) ?? ["type": "object"]]
        case .object(let fields):
            guard !fields.isEmpty else { return ["type": "object"] }
            return ["type": "object", "properties": .object(fields.mapValues(schema(of:)))]
        }
    }
}
