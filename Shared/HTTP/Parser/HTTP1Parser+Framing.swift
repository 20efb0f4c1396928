extension HTTP1Parser {
    /// Decides how the body is delimited once the head is complete (RFC 9112 section 6), and whether the
    /// connection can be reused.
    mutating func completeHead() throws(HTTPParseError) {
        var contentLength: Int?
        var codings: [Substring] = []
        var hasTransferEncoding = false
        var hostCount = 0
        var close = false
        var keepAliveToken = false
        for field in head.fields {
            let name = field.name
            switch name.utf8.count {
            case 14 where name.equalsIgnoringASCIICase("content-length"):
                for part in field.value.split(separator: ",", omittingEmptySubsequences: false) {
                    let length = try HTTP1Parser.parseContentLength(part.trimmingASCIIWhitespace())
                    if let known = contentLength, known != length {
                        throw HTTPParseError.bad("Conflicting Content-Length values")
                    }
                    contentLength = length
                }
            case 17 where name.equalsIgnoringASCIICase("transfer-encoding"):
                hasTransferEncoding = true
                for part in field.value.split(separator: ",", omittingEmptySubsequences: false) {
                    let coding = part.trimmingASCIIWhitespace()
                    guard !coding.isEmpty else { throw HTTPParseError.bad("Empty transfer coding") }
                    codings.append(coding)
                }
            case 4 where name.equalsIgnoringASCIICase("host"):
                hostCount += 1
            case 10 where name.equalsIgnoringASCIICase("connection"):
                for token in field.value.split(separator: ",") {
                    let trimmed = token.trimmingASCIIWhitespace()
                    if trimmed.equalsIgnoringASCIICase("close") { close = true }
                    if trimmed.equalsIgnoringASCIICase("keep-alive") { keepAliveToken = true }
                }
            case 6 where name.equalsIgnoringASCIICase("expect"):
                if field.value.equalsIgnoringASCIICase("100-continue") { head.expectsContinue = true }
            default:
                break
            }
        }
        let isHTTP10 = head.version == .http1_0
        head.keepAlive = !close && (!isHTTP10 || keepAliveToken)
        blockBytes = 0

        switch kind {
        case .request:
            try frameRequest(contentLength: contentLength, codings: codings, hasTransferEncoding: hasTransferEncoding)
            if head.version == .http1_1 && hostCount != 1 {
                throw HTTPParseError.bad(hostCount == 0 ? "Missing Host header" : "More than one Host header")
            }
            if hasTransferEncoding && isHTTP10 { head.keepAlive = false }
        case .response:
            try frameResponse(contentLength: contentLength, codings: codings, hasTransferEncoding: hasTransferEncoding)
        }
    }

    private mutating func frameRequest(contentLength: Int?, codings: [Substring], hasTransferEncoding: Bool)
        throws(HTTPParseError)
    {
        if hasTransferEncoding {
            if contentLength != nil {
                throw HTTPParseError.bad("Content-Length together with Transfer-Encoding")
            }
            guard codings.count == 1, codings[0].equalsIgnoringASCIICase("chunked") else {
                throw HTTPParseError.bad("Unsupported transfer coding")
            }
            state = .chunkSize
            continueRequested = head.expectsContinue && head.version == .http1_1
            return
        }
        let length = contentLength ?? 0
        if length > limits.maxBodyBytes { throw HTTPParseError(.bodyTooLarge, "Request body too large") }
        body.reserveCapacity(min(length, 64 * 1024))
        state = .body(remaining: length)
        continueRequested = head.expectsContinue && head.version == .http1_1 && length > 0
        // Body bytes that arrived with the head are taken by `advance`.
    }

    private mutating func frameResponse(contentLength: Int?, codings: [Substring], hasTransferEncoding: Bool)
        throws(HTTPParseError)
    {
        if nextResponseHasNoBody || HTTPStatus.forbidsBody(head.status) {
            state = .body(remaining: 0)
            return
        }
        if hasTransferEncoding {
            if let last = codings.last, last.equalsIgnoringASCIICase("chunked") {
                state = .chunkSize
            } else {
                head.keepAlive = false
                state = .untilClose
            }
            return
        }
        if let length = contentLength {
            if length > limits.maxBodyBytes { throw HTTPParseError(.bodyTooLarge, "Response body too large") }
            body.reserveCapacity(min(length, 1 << 20))
            state = .body(remaining: length)
            return
        }
        head.keepAlive = false
        state = .untilClose
    }

    /// `1*DIGIT`, at most 18 digits (anything longer is certainly over any body limit).
    static func parseContentLength(_ text: Substring) throws(HTTPParseError) -> Int {
        guard !text.isEmpty else { throw HTTPParseError.bad("Invalid Content-Length") }
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                throw HTTPParseError.bad("Invalid Content-Length")
            }
            digits += 1
            if digits > 18 { throw HTTPParseError(.bodyTooLarge, "Content-Length too large") }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
