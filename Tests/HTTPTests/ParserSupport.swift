import HTTP

/// What a parser made of a byte stream: each complete request in a canonical text form, then either the
/// error that stopped it or a note that it waits for more bytes.
struct ParseOutcome: Equatable, CustomStringConvertible {
    /// Complete requests, in canonical form.
    var requests: [String] = []
    /// The error that stopped parsing, if any.
    var error: HTTPParseError?

    /// Requests and error, for failure messages.
    var description: String { requests.joined(separator: "\n---\n") + "\nerror: \(error.map { "\($0)" } ?? "none")" }
}

/// A canonical text form of a parsed request covering every field, for equality checks.
func canonical(_ parsed: HTTP1Parser.ParsedRequest) -> String {
    let request = parsed.request
    var lines = [
        "\(request.method.rawValue) \(request.target) \(request.version)",
        "path=\(request.path) query=\(request.query.map { "\($0.0)=\($0.1)" })",
        "keepAlive=\(parsed.keepAlive)",
    ]
    for (name, value) in request.headers { lines.append("h \(name): \(value)") }
    for (name, value) in request.trailers { lines.append("t \(name): \(value)") }
    lines.append("body=\(request.body)")
    return lines.joined(separator: "\n")
}

/// Feeds `bytes` in pieces that end at `cuts` (ascending offsets), draining requests after every piece.
func parse(
    _ bytes: [UInt8], cuts: [Int] = [], limits: HTTP1ParserLimits = HTTP1ParserLimits()
) -> ParseOutcome {
    var parser = HTTP1Parser(limits: limits)
    var outcome = ParseOutcome()
    var start = 0
    for end in cuts + [bytes.count] where end >= start {
        parser.append(bytes[start..<end])
        start = end
        do {
            while let request = try parser.nextRequest() { outcome.requests.append(canonical(request)) }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

/// Parses a single request that must be complete and valid.
func parseOne(_ text: String, limits: HTTP1ParserLimits = HTTP1ParserLimits()) throws -> HTTP1Parser.ParsedRequest? {
    var parser = HTTP1Parser(limits: limits)
    parser.append(text.crlf)
    return try parser.nextRequest()
}

/// The error a request produces, if any.
func parseError(_ bytes: [UInt8], limits: HTTP1ParserLimits = HTTP1ParserLimits()) -> HTTPParseError? {
    parse(bytes, limits: limits).error
}
