/// Writes a response head: status line, the handler's headers (framing and connection headers are the
/// server's own, invalid names or values are dropped so a handler cannot inject header lines), then
/// `Content-Length`, `Date` and `Connection` as needed.
enum ResponseSerializer {
    /// `HTTP/1.1 <status> <reason>\r\n` for every status 0...599, built once.
    private static let statusLines: [[UInt8]] = (0..<600).map { status in
        Array("HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\n".utf8)
    }

    private static let contentLengthName = Array("Content-Length: ".utf8)
    private static let dateName = Array("Date: ".utf8)
    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
    private static let crlf: [UInt8] = [ASCII.cr, ASCII.lf]

    /// The interim response sent for `Expect: 100-continue`.
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends the head of `response` to `buffer`.
    /// - Parameters:
    ///   - close: send `Connection: close` (the server closes after this response).
    ///   - keepAliveHeader: send `Connection: keep-alive` (an HTTP/1.0 client that asked for it).
    static func writeHead(
        _ response: HTTPResponse, into buffer: inout [UInt8], close: Bool, keepAliveHeader: Bool, date: [UInt8]
    ) {
        let status = (100..<600).contains(response.status) ? response.status : 500
        buffer.append(contentsOf: statusLines[status])
        for (name, value) in response.headers where isAllowed(name: name, value: value) {
            buffer.append(contentsOf: name.utf8)
            buffer.append(ASCII.colon)
            buffer.append(ASCII.space)
            buffer.append(contentsOf: value.utf8)
            buffer.append(contentsOf: crlf)
        }
        if !HTTPStatus.forbidsBody(status) {
            buffer.append(contentsOf: contentLengthName)
            ASCII.appendDecimal(response.body.count, to: &buffer)
            buffer.append(contentsOf: crlf)
        }
        buffer.append(contentsOf: dateName)
        buffer.append(contentsOf: date)
        buffer.append(contentsOf: crlf)
        if close {
            buffer.append(contentsOf: connectionClose)
        } else if keepAliveHeader {
            buffer.append(contentsOf: connectionKeepAlive)
        }
        buffer.append(contentsOf: crlf)
    }

    /// Whether a handler header may be sent: a token name that is not one the server owns, and a value free
    /// of control characters.
    static func isAllowed(name: String, value: String) -> Bool {
        let utf8 = name.utf8
        guard !utf8.isEmpty, utf8.allSatisfy(ASCII.isToken) else { return false }
        switch utf8.count {
        case 4 where name.equalsIgnoringASCIICase("date"): return false
        case 10 where name.equalsIgnoringASCIICase("connection"): return false
        case 14 where name.equalsIgnoringASCIICase("content-length"): return false
        case 17 where name.equalsIgnoringASCIICase("transfer-encoding"): return false
        default: break
        }
        return value.utf8.allSatisfy(ASCII.isFieldValue)
    }

    /// A complete error response (`{"message","rc"}` body) as bytes, for the server's own answers.
    static func errorResponse(status: Int, message: String, rc: String, close: Bool) -> [UInt8] {
        let response = HTTPResponse.error(status, message: message, rc: rc)
        var bytes: [UInt8] = []
        writeHead(response, into: &bytes, close: close, keepAliveHeader: false, date: DateCache.shared.current())
        bytes.append(contentsOf: response.body)
        return bytes
    }
}
