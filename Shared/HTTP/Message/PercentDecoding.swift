/// `%XX` decoding for request targets (RFC 3986 2.1). Invalid escapes are kept literally rather than
/// rejected, as browsers and most servers do; invalid UTF-8 becomes U+FFFD.
enum PercentDecoding {
    /// Decodes `text`; when `plusIsSpace` (query strings, form encoding) `+` becomes a space.
    static func decode(_ text: Substring, plusIsSpace: Bool) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                if first != bytes.endIndex {
                    let second = bytes.index(after: first)
                    if second != bytes.endIndex, let high = ASCII.hexValue(bytes[first]),
                        let low = ASCII.hexValue(bytes[second])
                    {
                        out.append(high << 4 | low)
                        index = bytes.index(after: second)
                        continue
                    }
                }
                out.append(byte)
            } else if plusIsSpace && byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits `a=1&b=two` into decoded pairs, keeping order and duplicates; `a` alone gives `("a", "")`.
    static func queryItems(_ query: Substring) -> [(String, String)] {
        var items: [(String, String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = part.firstIndex(of: "=") {
                items.append((
                    decode(part[part.startIndex..<equals], plusIsSpace: true),
                    decode(part[part.index(after: equals)...], plusIsSpace: true)
                ))
            } else {
                items.append((decode(part, plusIsSpace: true), ""))
            }
        }
        return items
    }
}
