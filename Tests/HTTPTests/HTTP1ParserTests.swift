import HTTP
import Testing

@Suite struct HTTP1ParserTests {
    @Test func parsesRequestLineHeadersAndQuery() throws {
        let parsed = try #require(
            try parseOne("GET /api/v2/a%20b?x=1&y=hello+world&x=2&flag HTTP/1.1\nHost: example.com\nAccept:  */* \n\n"))
        let request = parsed.request
        #expect(request.method == .GET)
        #expect(request.target == "/api/v2/a%20b?x=1&y=hello+world&x=2&flag")
        #expect(request.path == "/api/v2/a b")
        #expect(request.query.map { "\($0.0)=\($0.1)" } == ["x=1", "y=hello world", "x=2", "flag="])
        #expect(request.queryValue("x") == "1")
        #expect(request.queryValue("missing") == nil)
        #expect(request.version == .http1_1)
        #expect(request.headers["accept"] == "*/*")
        #expect(request.body.isEmpty)
        #expect(parsed.keepAlive)
    }

    @Test func contentLengthBody() throws {
        let parsed = try #require(try parseOne("POST /x HTTP/1.1\nHost: h\nContent-Length: 5\n\nhello"))
        #expect(parsed.request.body == Array("hello".utf8))
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let parsed = try #require(
            try parseOne(
                "POST /x HTTP/1.1\nHost: h\nTransfer-Encoding: Chunked\n\n4;name=value\nWiki\n5 \npedia\nE\n in\n\nchunks.\n0\nX-Checksum: abc\n\n"
            ))
        #expect(String(decoding: parsed.request.body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
        #expect(parsed.request.trailers["x-checksum"] == "abc")
    }

    @Test func duplicateHeadersAreKeptAsAList() throws {
        let parsed = try #require(try parseOne("GET / HTTP/1.1\nHost: h\nX-A: 1\nx-a: 2\nX-A: 3\n\n"))
        #expect(parsed.request.headers.values("X-A") == ["1", "2", "3"])
    }

    @Test func identicalContentLengthsAreAccepted() throws {
        let parsed = try #require(
            try parseOne("POST / HTTP/1.1\nHost: h\nContent-Length: 3, 3\nContent-Length: 3\n\nabc"))
        #expect(parsed.request.body == Array("abc".utf8))
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: h\n\n", true),
        ("GET / HTTP/1.1\nHost: h\nConnection: close\n\n", false),
        ("GET / HTTP/1.1\nHost: h\nConnection: Upgrade, Close\n\n", false),
        ("GET / HTTP/1.0\n\n", false),
        ("GET / HTTP/1.0\nConnection: keep-alive\n\n", true),
        ("POST / HTTP/1.0\nConnection: keep-alive\nTransfer-Encoding: chunked\n\n0\n\n", false),
    ])
    func keepAliveRules(request: String, keepAlive: Bool) throws {
        let parsed = try #require(try parseOne(request))
        #expect(parsed.keepAlive == keepAlive)
    }

    @Test func pipelinedRequestsComeOutInOrder() throws {
        var parser = HTTP1Parser()
        parser.append(
            "GET /1 HTTP/1.1\nHost: h\n\nPOST /2 HTTP/1.1\nHost: h\nContent-Length: 2\n\nabGET /3 HTTP/1.1\nHost: h\n\nGET /4"
                .crlf)
        #expect(try parser.nextRequest()?.request.path == "/1")
        let second = try parser.nextRequest()
        #expect(second?.request.path == "/2")
        #expect(second?.request.body == Array("ab".utf8))
        #expect(try parser.nextRequest()?.request.path == "/3")
        #expect(try parser.nextRequest().map(canonical) == nil)
        #expect(!parser.isIdle)
        parser.append(" HTTP/1.1\nHost: h\n\n".crlf)
        #expect(try parser.nextRequest()?.request.path == "/4")
        #expect(parser.isIdle)
    }

    @Test func emptyLinesBeforeTheRequestLineAreSkipped() throws {
        let parsed = try #require(try parseOne("\n\nGET /x HTTP/1.1\nHost: h\n\n"))
        #expect(parsed.request.path == "/x")
    }

    @Test func absoluteFormAndAsteriskTargets() throws {
        let absolute = try #require(try parseOne("GET http://example.com/p/q?x=1 HTTP/1.1\nHost: example.com\n\n"))
        #expect(absolute.request.path == "/p/q")
        #expect(absolute.request.queryValue("x") == "1")
        let asterisk = try #require(try parseOne("OPTIONS * HTTP/1.1\nHost: h\n\n"))
        #expect(asterisk.request.path == "*")
    }

    @Test func anyTokenIsAMethod() throws {
        let parsed = try #require(try parseOne("PROPFIND /x HTTP/1.1\nHost: h\n\n"))
        #expect(parsed.request.method.rawValue == "PROPFIND")
    }

    @Test func expectContinueIsSignalledOnceWhileTheBodyIsMissing() throws {
        var parser = HTTP1Parser()
        parser.append("PUT /x HTTP/1.1\nHost: h\nExpect: 100-continue\nContent-Length: 3\n\n".crlf)
        #expect(try parser.nextRequest().map(canonical) == nil)
        let first = parser.takeContinueRequest()
        let second = parser.takeContinueRequest()
        #expect(first)
        #expect(!second)
        parser.append(Array("abc".utf8))
        #expect(try parser.nextRequest()?.request.body == Array("abc".utf8))
    }

    @Test func headerValuesMayBeEmptyAndCarryObsText() throws {
        var bytes = "GET / HTTP/1.1\nHost: h\nX-Empty:\nX-Latin: caf".crlf
        bytes += [0xC3, 0xA9] + "\n\n".crlf
        var parser = HTTP1Parser()
        parser.append(bytes)
        let parsed = try #require(try parser.nextRequest())
        #expect(parsed.request.headers["x-empty"] == "")
        #expect(parsed.request.headers["x-latin"] == "café")
    }

    @Test func largeBodiesArrivingInPiecesAreAssembled() throws {
        let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var parser = HTTP1Parser()
        parser.append("POST /u HTTP/1.1\nHost: h\nContent-Length: \(body.count)\n\n".crlf)
        var offset = 0
        while offset < body.count {
            #expect(try parser.nextRequest().map(canonical) == nil)
            let end = min(body.count, offset + 7_001)
            parser.append(body[offset..<end])
            offset = end
        }
        #expect(try parser.nextRequest()?.request.body == body)
    }

    @Test func aFailedParserStaysFailed() {
        var parser = HTTP1Parser()
        parser.append("GET / HTTP/3.0\r\n".crlf)
        #expect(throws: HTTPParseError.self) { try parser.nextRequest() }
        parser.append("GET / HTTP/1.1\r\nHost: h\r\n\r\n".crlf)
        #expect(throws: HTTPParseError.self) { try parser.nextRequest() }
        #expect(parser.hasFailed)
    }
}
