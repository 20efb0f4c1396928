import Foundation

/// Renders the small subset of markdown the documents use: `#` headings, `-`/`*` list items and paragraphs,
/// with HTML escaped.
enum MarkdownRenderer {
    /// The HTML of `markdown`.
    static func html(_ markdown: String) -> String {
        var output: [String] = []
        var paragraph: [String] = []
        var inList = false
        func flushParagraph() {
            if !paragraph.isEmpty { output.append("<p>\(paragraph.joined(separator: " "))</p>") }
            paragraph = []
        }
        func closeList() {
            if inList { output.append("</ul>") }
            inList = false
        }
        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flushParagraph()
                closeList()
            } else if let level = headingLevel(line) {
                flushParagraph()
                closeList()
                let text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                output.append("<h\(level)>\(escape(text))</h\(level)>")
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flushParagraph()
                if !inList { output.append("<ul>") }
                inList = true
                output.append("<li>\(escape(String(line.dropFirst(2))))</li>")
            } else {
                closeList()
                paragraph.append(escape(line))
            }
        }
        flushParagraph()
        closeList()
        return output.joined(separator: "\n")
    }

    private static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    /// `text` with `&`, `<`, `>` and `"` escaped.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
