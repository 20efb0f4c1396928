extension RESPValue {
    /// The RESP2 wire form of this value, as a server would send it. Used to feed the reply parser in tests and
    /// to build replies for fake servers; commands themselves are encoded by hiredis.
    package var encoded: [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    private func encode(into out: inout [UInt8]) {
        func line(_ prefix: Character, _ text: String) {
            out.append(contentsOf: String(prefix).utf8)
            out.append(contentsOf: text.utf8)
            out.append(contentsOf: [13, 10])
        }
        switch self {
        case .simpleString(let text): line("+", Self.singleLine(text))
        case .error(let message): line("-", Self.singleLine(message))
        case .integer(let value): line(":", String(value))
        case .null: line("$", "-1")
        case .bulkString(let bytes):
            line("$", String(bytes.count))
            out.append(contentsOf: bytes)
            out.append(contentsOf: [13, 10])
        case .array(let elements):
            line("*", String(elements.count))
            for element in elements { element.encode(into: &out) }
        }
    }

    /// Status and error lines cannot carry CR or LF; they become spaces rather than corrupting the stream.
    private static func singleLine(_ text: String) -> String {
        String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
