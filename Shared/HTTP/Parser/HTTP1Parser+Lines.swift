extension HTTP1Parser {
    /// Finds the next CRLF-terminated line starting at `position`, validating bytes as they arrive so garbage
    /// is rejected at once instead of after a timeout: control characters (other than tab), a CR not followed
    /// by LF and a bare LF are errors; in a request line the method must be a token up to its first space.
    ///
    /// Returns the line without its CRLF and moves `position` past it, or `nil` if the line is incomplete (the
    /// scan resumes where it stopped, so feeding byte by byte stays linear). A line, complete or not, longer
    /// than `maxLength` throws `tooLong`.
    mutating func scanLine(maxLength: Int, tooLong: HTTPParseError, requestLine: Bool = false) throws(HTTPParseError)
        -> Range<Int>?
    {
        var index = scanIndex
        let end = buffer.count
        while index < end {
            let byte = buffer[index]
            if byte == ASCII.lf {
                guard index > position, buffer[index - 1] == ASCII.cr else {
                    throw HTTPParseError.bad("Bare LF in message head")
                }
                let line = position..<(index - 1)
                if line.count > maxLength { throw tooLong }
                position = index + 1
                scanIndex = position
                return line
            }
            if index > position && buffer[index - 1] == ASCII.cr {
                throw HTTPParseError.bad("CR not followed by LF")
            }
            if byte != ASCII.cr && !ASCII.isFieldValue(byte) {
                throw HTTPParseError.bad("Control character in message head")
            }
            if requestLine && !methodEnded && byte != ASCII.cr {
                if byte == ASCII.space {
                    methodEnded = true
                } else if !ASCII.isToken(byte) {
                    throw HTTPParseError.bad("Invalid character in method")
                }
            }
            index += 1
        }
        scanIndex = end
        // One byte of slack for a CR whose LF has not arrived yet.
        if end - position > maxLength + 1 { throw tooLong }
        return nil
    }

    /// The start line (request line or status line), skipping a few empty lines before it (RFC 9112 2.2).
    mutating func readStartLine() throws(HTTPParseError) -> Bool {
        let isRequest = kind == .request
        let tooLong =
            isRequest
            ? HTTPParseError(.uriTooLong, "Request line too long")
            : HTTPParseError(.headersTooLarge, "Status line too long")
        let maxLength = isRequest ? limits.maxRequestLineBytes : limits.maxHeaderBytes
        guard let line = try scanLine(maxLength: maxLength, tooLong: tooLong, requestLine: isRequest) else {
            return false
        }
        if line.isEmpty {
            leadingEmptyLines += 1
            methodEnded = false
            if leadingEmptyLines > 8 { throw HTTPParseError.bad("Too many empty lines before the start line") }
            return true
        }
        blockBytes = line.count + 2
        if isRequest { try parseRequestLine(line) } else { try parseStatusLine(line) }
        head.fields.reserveCapacity(8)
        state = .headers
        return true
    }

    /// One header line, or the empty line ending the head.
    mutating func readHeaderLine() throws(HTTPParseError) -> Bool {
        let budget = limits.maxHeaderBytes - blockBytes - 2
        let tooLarge = HTTPParseError(.headersTooLarge, "Request header fields too large")
        guard budget >= 0, let line = try scanLine(maxLength: budget, tooLong: tooLarge) else {
            if budget < 0 { throw tooLarge }
            return false
        }
        blockBytes += line.count + 2
        if line.isEmpty {
            try completeHead()
            return true
        }
        if head.fields.count >= limits.maxHeaderCount {
            throw HTTPParseError(.headersTooLarge, "Too many header fields")
        }
        head.fields.append(try parseField(line))
        return true
    }

    /// `name: value` with the value's surrounding whitespace removed.
    func parseField(_ line: Range<Int>) throws(HTTPParseError) -> (name: String, value: String) {
        let first = buffer[line.lowerBound]
        if first == ASCII.space || first == ASCII.tab { throw HTTPParseError.bad("Obsolete line folding") }
        var colon = line.lowerBound
        while colon < line.upperBound && ASCII.isToken(buffer[colon]) { colon += 1 }
        guard colon < line.upperBound else { throw HTTPParseError.bad("Header field without a colon") }
        let separator = buffer[colon]
        guard separator == ASCII.colon else {
            if separator == ASCII.space || separator == ASCII.tab {
                throw HTTPParseError.bad("Whitespace between header field name and colon")
            }
            throw HTTPParseError.bad("Invalid character in header field name")
        }
        guard colon > line.lowerBound else { throw HTTPParseError.bad("Empty header field name") }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd && (buffer[valueStart] == ASCII.space || buffer[valueStart] == ASCII.tab) {
            valueStart += 1
        }
        while valueEnd > valueStart && (buffer[valueEnd - 1] == ASCII.space || buffer[valueEnd - 1] == ASCII.tab) {
            valueEnd -= 1
        }
        return (
            name: String(decoding: buffer[line.lowerBound..<colon], as: UTF8.self),
            value: String(decoding: buffer[valueStart..<valueEnd], as: UTF8.self)
        )
    }

    /// `method SP request-target SP HTTP-version`, each part validated.
    mutating func parseRequestLine(_ line: Range<Int>) throws(HTTPParseError) {
        let upper = line.upperBound
        var firstSpace = line.lowerBound
        while firstSpace < upper && buffer[firstSpace] != ASCII.space {
            guard ASCII.isToken(buffer[firstSpace]) else { throw HTTPParseError.bad("Invalid character in method") }
            firstSpace += 1
        }
        guard firstSpace > line.lowerBound, firstSpace < upper else {
            throw HTTPParseError.bad("Malformed request line")
        }
        var secondSpace = firstSpace + 1
        while secondSpace < upper && buffer[secondSpace] != ASCII.space {
            guard ASCII.isTarget(buffer[secondSpace]) else {
                throw HTTPParseError.bad("Invalid character in request target")
            }
            secondSpace += 1
        }
        guard secondSpace > firstSpace + 1, secondSpace < upper else {
            throw HTTPParseError.bad("Malformed request line")
        }
        head.version = try parseVersion(secondSpace + 1..<upper)
        head.method = HTTPMethod(rawValue: String(decoding: buffer[line.lowerBound..<firstSpace], as: UTF8.self))
        head.target = String(decoding: buffer[(firstSpace + 1)..<secondSpace], as: UTF8.self)
        let firstTargetByte = buffer[firstSpace + 1]
        if firstTargetByte != UInt8(ascii: "/") {
            let valid =
                (head.target == "*" && head.method == .OPTIONS) || head.method.rawValue == "CONNECT"
                || head.target.contains("://")
            guard valid else { throw HTTPParseError.bad("Invalid request target") }
        }
    }

    /// `HTTP-version SP status-code [SP reason-phrase]`.
    mutating func parseStatusLine(_ line: Range<Int>) throws(HTTPParseError) {
        let lower = line.lowerBound
        guard line.count >= 12, buffer[lower + 8] == ASCII.space else {
            throw HTTPParseError.bad("Malformed status line")
        }
        head.version = try parseVersion(lower..<(lower + 8))
        var status = 0
        for index in (lower + 9)..<(lower + 12) {
            let byte = buffer[index]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                throw HTTPParseError.bad("Malformed status code")
            }
            status = status * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard status >= 100, line.count == 12 || buffer[lower + 12] == ASCII.space else {
            throw HTTPParseError.bad("Malformed status line")
        }
        head.status = status
    }

    /// `HTTP/d.d`; well-formed versions other than 1.0 and 1.1 are refused with 505.
    func parseVersion(_ range: Range<Int>) throws(HTTPParseError) -> HTTPVersion {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard range.count == 8, buffer[range.lowerBound..<(range.lowerBound + 5)].elementsEqual(prefix) else {
            throw HTTPParseError.bad("Malformed HTTP version")
        }
        let major = buffer[range.lowerBound + 5]
        let dot = buffer[range.lowerBound + 6]
        let minor = buffer[range.lowerBound + 7]
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard digits.contains(major), dot == UInt8(ascii: "."), digits.contains(minor) else {
            throw HTTPParseError.bad("Malformed HTTP version")
        }
        let version = HTTPVersion(major: Int(major - UInt8(ascii: "0")), minor: Int(minor - UInt8(ascii: "0")))
        guard version == .http1_1 || version == .http1_0 else {
            throw HTTPParseError(.versionNotSupported, "HTTP version not supported")
        }
        return version
    }
}
