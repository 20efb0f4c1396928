/// One-dimensional arrays in PostgreSQL's text format (`{a,"b c",NULL}`).
enum PostgresArrayText {
    /// An array literal with every element double-quoted and `"`/`\` escaped, so no element can be read as NULL,
    /// split at a comma or end the literal early.
    static func format(_ elements: [String]) -> String {
        var out = "{"
        for (position, element) in elements.enumerated() {
            if position > 0 { out += "," }
            out += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { out += "\\" }
                out.unicodeScalars.append(character)
            }
            out += "\""
        }
        return out + "}"
    }

    /// The elements of a one-dimensional array's output; an unquoted `NULL` is `nil`. Returns nil for anything
    /// malformed or multi-dimensional.
    static func parse(_ text: String) -> [String?]? {
        var scalars = Substring(text).unicodeScalars[...]
        // Arrays with non-default bounds print as `[0:2]={…}`.
        if scalars.first == "[" {
            guard let equals = scalars.firstIndex(of: "=") else { return nil }
            scalars = scalars[scalars.index(after: equals)...]
        }
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        scalars = scalars.dropFirst().dropLast()
        var elements: [String?] = []
        if scalars.allSatisfy({ $0 == " " }) { return elements }
        var iterator = scalars.makeIterator()
        var current = String.UnicodeScalarView()
        var quoted = false
        var inQuotes = false
        var afterQuote = false
        while let scalar = iterator.next() {
            if inQuotes {
                switch scalar {
                case "\\":
                    guard let escaped = iterator.next() else { return nil }
                    current.append(escaped)
                case "\"":
                    inQuotes = false
                    afterQuote = true
                default:
                    current.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                guard let element = finish(current, quoted: quoted) else { return nil }
                elements.append(element)
                current = String.UnicodeScalarView()
                quoted = false
                afterQuote = false
            case "\"":
                guard !quoted, current.allSatisfy({ $0 == " " }) else { return nil }
                current = String.UnicodeScalarView()
                quoted = true
                inQuotes = true
            case "{", "}":
                return nil
            case "\\":
                guard !afterQuote, let escaped = iterator.next() else { return nil }
                current.append(escaped)
            default:
                if afterQuote {
                    guard scalar == " " else { return nil }
                } else {
                    current.append(scalar)
                }
            }
        }
        guard !inQuotes, let last = finish(current, quoted: quoted) else { return nil }
        elements.append(last)
        return elements
    }

    /// The element just read: quoted text as is, unquoted text trimmed, an unquoted `NULL` as nil.
    private static func finish(_ scalars: String.UnicodeScalarView, quoted: Bool) -> String?? {
        if quoted { return .some(String(scalars)) }
        let text = String(scalars).trimmingSpaces()
        if text.isEmpty { return nil }
        if text.uppercased() == "NULL" { return .some(nil) }
        return .some(text)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
