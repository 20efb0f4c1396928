import Messages

extension JSONValue {
    /// The members of an object (empty for anything else).
    var members: [String: JSONValue] { objectValue ?? [:] }

    /// The elements of an array (empty for anything else).
    var elements: [JSONValue] { arrayValue ?? [] }

    /// A scalar as the text a process would see in its environment (`7001`, not `7001.0`).
    var text: String? {
        switch self {
        case .string(let value): value
        case .bool(let value): value ? "true" : "false"
        case .number(let value) where value == value.rounded() && abs(value) < 1e15: String(Int64(value))
        case .number(let value): String(value)
        case .null, .array, .object: nil
        }
    }
}
