import HTTP
import Testing

/// Every rejection and limit from RFC 9112 and the server's settings, with the status it maps to.
@Suite struct HTTP1ParserRejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        /// What the case checks.
        let name: String
        /// The request, with `\n` line ends.
        let request: String
        /// The status the rejection maps to.
        let status: Int
        /// The case's name in test output.
        var testDescription: String { name }
    }

    /// Body framing rejections.
    static let framingCases: [Case] = [
        Case(name: "Content-Length with Transfer-Encoding",
             request: "POST / HTTP/1.1\nHost: h\nContent-Length: 3\nTransfer-Encoding: chunked\n\n0\n\n", status: 400),
        Case(name: "Transfer-Encoding before Content-Length",
             request: "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\nContent-Length: 3\n\n0\n\n", status: 400),
        Case(name: "non-chunked coding", request: "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: gzip\n\n", status: 400),
        Case(name: "chunked not alone",
             request: "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: gzip, chunked\n\n", status: 400),
        Case(name: "chunked twice",
             request: "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\nTransfer-Encoding: chunked\n\n",
             status: 400),
        Case(name: "empty coding", request: "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: \n\n", status: 400),
        Case(name: "differing Content-Length headers",
             request: "POST / HTTP/1.1\nHost: h\nContent-Length: 3\nContent-Length: 4\n\nabcd", status: 400),
        Case(name: "differing Content-Length list",
             request: "POST / HTTP/1.1\nHost: h\nContent-Length: 3, 4\n\nabcd", status: 400),
        Case(name: "signed Content-Length", request: "POST / HTTP/1.1\nHost: h\nContent-Length: +3\n\nabc", status: 400),
        Case(name: "negative Content-Length", request: "POST / HTTP/1.1\nHost: h\nContent-Length: -1\n\n", status: 400),
        Case(name: "hex Content-Length", request: "POST / HTTP/1.1\nHost: h\nContent-Length: 0x3\n\nabc", status: 400),
        Case(name: "empty Content-Length", request: "POST / HTTP/1.1\nHost: h\nContent-Length:\n\n", status: 400),
        Case(name: "invalid chunk size", request: "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\nzz\n", status: 400),
        Case(name: "chunk size with junk",
             request: "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n4 x\nabcd\n0\n\n", status: 400),
        Case(name: "chunk data longer than its size",
             request: "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n2\nabc\n0\n\n", status: 400),
    ]

    /// Request line and header syntax rejections.
    static let syntaxCases: [Case] = [
        Case(name: "obs-fold", request: "GET / HTTP/1.1\nHost: h\nX-A: 1\n  continued\n\n", status: 400),
        Case(name: "obs-fold with tab", request: "GET / HTTP/1.1\nHost: h\nX-A: 1\n\tcontinued\n\n", status: 400),
        Case(name: "space before colon", request: "GET / HTTP/1.1\nHost : h\n\n", status: 400),
        Case(name: "tab before colon", request: "GET / HTTP/1.1\nHost\t: h\n\n", status: 400),
        Case(name: "no colon", request: "GET / HTTP/1.1\nHost h\n\n", status: 400),
        Case(name: "empty field name", request: "GET / HTTP/1.1\n: h\n\n", status: 400),
        Case(name: "non-token field name", request: "GET / HTTP/1.1\nHo(st: h\n\n", status: 400),
        Case(name: "non-token method", request: "GE(T / HTTP/1.1\nHost: h\n\n", status: 400),
        Case(name: "method with slash", request: "GET/ / HTTP/1.1\nHost: h\n\n", status: 400),
        Case(name: "double space", request: "GET  / HTTP/1.1\nHost: h\n\n", status: 400),
        Case(name: "missing version", request: "GET /\nHost: h\n\n", status: 400),
        Case(name: "lower-case version", request: "GET / http/1.1\nHost: h\n\n", status: 400),
        Case(name: "short version", request: "GET / HTTP/1\nHost: h\n\n", status: 400),
        Case(name: "trailing junk after version", request: "GET / HTTP/1.1 x\nHost: h\n\n", status: 400),
        Case(name: "relative target", request: "GET x HTTP/1.1\nHost: h\n\n", status: 400),
        Case(name: "asterisk outside OPTIONS", request: "GET * HTTP/1.1\nHost: h\n\n", status: 400),
        Case(name: "missing Host", request: "GET / HTTP/1.1\n\n", status: 400),
        Case(name: "two Host headers", request: "GET / HTTP/1.1\nHost: a\nHost: b\n\n", status: 400),
        Case(name: "HTTP/2.0", request: "GET / HTTP/2.0\nHost: h\n\n", status: 505),
        Case(name: "HTTP/1.2", request: "GET / HTTP/1.2\nHost: h\n\n", status: 505),
        Case(name: "HTTP/0.9 style", request: "GET / HTTP/0.9\nHost: h\n\n", status: 505),
    ]

    @Test(arguments: framingCases + syntaxCases)
    func rejected(_ testCase: Case) {
        let error = parseError(testCase.request.crlf)
        #expect(error?.status == testCase.status, "\(testCase.name): \(String(describing: error))")
    }

    @Test(arguments: [
        ("bare LF", Array("GET / HTTP/1.1\nHost: h\n\n".utf8)),
        ("bare LF in a field", Array("GET / HTTP/1.1\r\nHost: h\n\r\n".utf8)),
        ("CR without LF", Array("GET / HTTP/1.1\rHost: h\r\n\r\n".utf8)),
        ("NUL in a value", Array("GET / HTTP/1.1\r\nHost: h\u{0}x\r\n\r\n".utf8)),
        ("DEL in a value", Array("GET / HTTP/1.1\r\nHost: h\u{7F}\r\n\r\n".utf8)),
        ("control byte in the target", Array("GET /a\u{1}b HTTP/1.1\r\nHost: h\r\n\r\n".utf8)),
        ("tab in the request line", Array("GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n".utf8)),
    ])
    func controlCharactersAreRejected(name: String, bytes: [UInt8]) {
        #expect(parseError(bytes)?.status == 400, "\(name)")
    }

    @Test func requestLineLimit() {
        let target = "/" + String(repeating: "a", count: 8 * 1024)
        #expect(parseError("GET \(target) HTTP/1.1\nHost: h\n\n".crlf)?.status == 414)
        let justFits = "/" + String(repeating: "a", count: 8 * 1024 - 15)
        #expect(parseError("GET \(justFits) HTTP/1.1\nHost: h\n\n".crlf) == nil)
    }

    @Test func requestLineLimitIsDetectedBeforeTheLineEnds() {
        let partial = Array("GET /".utf8) + Array(repeating: UInt8(ascii: "a"), count: 9000)
        #expect(parseError(partial)?.status == 414)
    }

    @Test func headerBlockLimit() {
        let big = String(repeating: "v", count: 16 * 1024)
        let request = "GET / HTTP/1.1\nHost: h\n" + (1...4).map { "X-\($0): \(big)\n" }.joined() + "\n"
        #expect(parseError(request.crlf)?.status == 431)
        let partial = "GET / HTTP/1.1\nHost: h\nX-Long: ".crlf + Array(repeating: UInt8(ascii: "v"), count: 70_000)
        #expect(parseError(partial)?.status == 431)
    }

    @Test func headerCountLimit() {
        let fields = (1...100).map { "X-\($0): v\n" }.joined()
        #expect(parseError("GET / HTTP/1.1\nHost: h\n\(fields)\n".crlf)?.status == 431)
        let fewer = (1...99).map { "X-\($0): v\n" }.joined()
        #expect(parseError("GET / HTTP/1.1\nHost: h\n\(fewer)\n".crlf) == nil)
    }

    @Test func customLimitsApply() {
        let limits = HTTP1ParserLimits(maxRequestLineBytes: 32, maxHeaderBytes: 128, maxHeaderCount: 3, maxBodyBytes: 10)
        #expect(parseError("GET /\(String(repeating: "x", count: 40)) HTTP/1.1\n".crlf, limits: limits)?.status == 414)
        #expect(parseError("GET / HTTP/1.1\nHost: h\nA: 1\nB: 2\nC: 3\n\n".crlf, limits: limits)?.status == 431)
        #expect(parseError("POST / HTTP/1.1\nHost: h\nContent-Length: 11\n\n".crlf, limits: limits)?.status == 413)
        #expect(parseError("POST / HTTP/1.1\nHost: h\nContent-Length: 10\n\n0123456789".crlf, limits: limits) == nil)
    }

    @Test func bodyLimitForContentLengthIsCheckedAtTheHead() {
        var limits = HTTP1ParserLimits()
        limits.maxBodyBytes = 1000
        let error = parseError("POST / HTTP/1.1\nHost: h\nContent-Length: 1001\n\n".crlf, limits: limits)
        #expect(error?.status == 413)
        #expect(error?.rc == "PayloadTooLarge")
        #expect(parseError("POST / HTTP/1.1\nHost: h\nContent-Length: 99999999999999999999\n\n".crlf)?.status == 413)
    }

    @Test func bodyLimitForChunkedCountsDecodedBytes() {
        var limits = HTTP1ParserLimits()
        limits.maxBodyBytes = 10
        let ok = "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n5\n01234\n5\n56789\n0\n\n"
        #expect(parseError(ok.crlf, limits: limits) == nil)
        let over = "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n5\n01234\n6\n"
        #expect(parseError(over.crlf, limits: limits)?.status == 413)
        let huge = "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\nFFFFFFFFFFFFFFFFFFFF\n"
        #expect(parseError(huge.crlf)?.status == 413)
    }

    @Test func trailerLimits() {
        let many = (1...101).map { "T-\($0): v\n" }.joined()
        let request = "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n0\n\(many)\n"
        #expect(parseError(request.crlf)?.status == 431)
    }

    @Test func errorsCarryRcCodes() {
        #expect(parseError("GET / HTTP/2.0\nHost: h\n\n".crlf)?.rc == "HTTPVersionNotSupported")
        #expect(parseError("GET / HTTP/1.1\nHost : h\n\n".crlf)?.rc == "BadRequest")
        let fields = (1...101).map { "X-\($0): v\n" }.joined()
        #expect(parseError("GET / HTTP/1.1\n\(fields)\n".crlf)?.rc == "HeadersTooLarge")
    }
}
