import HTTP
import Testing

@Suite struct HTTP1ResponseParserTests {
    private func responses(_ text: String, headFirst: Bool = false, finish: Bool = false) throws
        -> [HTTP1Parser.ParsedResponse]
    {
        var parser = HTTP1Parser(kind: .response)
        parser.nextResponseHasNoBody = headFirst
        parser.append(text.crlf)
        var all: [HTTP1Parser.ParsedResponse] = []
        while let response = try parser.nextResponse() { all.append(response) }
        if finish, let last = try parser.finish() { all.append(last) }
        return all
    }

    @Test func contentLengthAndChunkedResponses() throws {
        let all = try responses(
            "HTTP/1.1 200 OK\nContent-Length: 2\n\nokHTTP/1.1 404 Not Found\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n")
        #expect(all.map(\.status) == [200, 404])
        #expect(all.map(\.text) == ["ok", "abc"])
        #expect(all.allSatisfy { $0.keepAlive })
    }

    @Test func bodyUntilCloseEndsAtFinish() throws {
        let all = try responses("HTTP/1.0 200 OK\nContent-Type: text/plain\n\nall of it", finish: true)
        #expect(all.count == 1)
        #expect(all[0].text == "all of it")
        #expect(!all[0].keepAlive)
    }

    @Test func responsesWithoutBodies() throws {
        let all = try responses("HTTP/1.1 204 No Content\n\nHTTP/1.1 304 Not Modified\nContent-Length: 10\n\n")
        #expect(all.map(\.status) == [204, 304])
        #expect(all.allSatisfy { $0.body.isEmpty })
        let head = try responses("HTTP/1.1 200 OK\nContent-Length: 10\n\n", headFirst: true)
        #expect(head.first?.body.isEmpty == true)
    }

    @Test func informationalResponsesAreSkipped() throws {
        let all = try responses("HTTP/1.1 100 Continue\n\nHTTP/1.1 201 Created\nContent-Length: 0\n\n")
        #expect(all.map(\.status) == [201])
    }

    @Test func truncatedResponseFailsAtFinish() {
        var parser = HTTP1Parser(kind: .response)
        parser.append("HTTP/1.1 200 OK\nContent-Length: 10\n\nshort".crlf)
        #expect(throws: HTTPParseError.self) { try parser.finish() }
    }

    @Test func malformedStatusLinesAreRejected() {
        for line in ["HTTP/1.1 20 OK", "HTTP/1.1 abc OK", "HTTP/1.1200 OK", "ICY 200 OK"] {
            var parser = HTTP1Parser(kind: .response)
            parser.append("\(line)\n\n".crlf)
            #expect(throws: HTTPParseError.self, "\(line)") { try parser.nextResponse() }
        }
    }
}
