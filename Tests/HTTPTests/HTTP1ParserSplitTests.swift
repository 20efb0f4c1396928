import HTTP
import Testing

/// The parser's result must not depend on how the bytes were split across reads: every sample is fed
/// whole, split in two at every offset, byte by byte, and in random pieces, and every way must agree.
@Suite struct HTTP1ParserSplitTests {
    /// Name, bytes, how many requests come out, and the status of the error that ends the stream (if any).
    static let samples: [(String, [UInt8], Int, Int?)] = [
        ("simple GET", "GET / HTTP/1.1\nHost: example.com\n\n".crlf, 1, nil),
        ("GET with query and duplicates",
         "GET /api/v2/status/%7Bid%7D?a=1&b=x+y&a=2 HTTP/1.1\nHost: h\nAccept: a\nAccept: b\nUser-Agent: t/1\n\n".crlf,
         1, nil),
        ("POST with Content-Length",
         "POST /submit HTTP/1.1\nHost: h\nContent-Type: application/json\nContent-Length: 16\n\n{\"prompt\":\"a b\"}".crlf,
         1, nil),
        ("chunked with extensions and trailers",
         "POST /up HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3;a=b\nabc\n10\n0123456789abcdef\n0\nX-Sum: 1\nX-More: 2\n\n".crlf,
         1, nil),
        ("three pipelined requests",
         "GET /1 HTTP/1.1\nHost: h\n\nPOST /2 HTTP/1.1\nHost: h\nContent-Length: 3\n\nxyzGET /3 HTTP/1.1\nHost: h\nConnection: close\n\n".crlf,
         3, nil),
        ("HTTP/1.0 keep-alive", "GET /old HTTP/1.0\nConnection: keep-alive\n\n".crlf, 1, nil),
        ("leading empty lines", "\n\nGET /late HTTP/1.1\nHost: h\n\n".crlf, 1, nil),
        ("binary body", "PUT /bin HTTP/1.1\nHost: h\nContent-Length: 6\n\n".crlf + [0, 13, 10, 255, 13, 10], 1, nil),
        ("Content-Length with Transfer-Encoding",
         "POST / HTTP/1.1\nHost: h\nContent-Length: 1\nTransfer-Encoding: chunked\n\n".crlf, 0, 400),
        ("obs-fold", "GET / HTTP/1.1\nHost: h\nX: a\n b\n\n".crlf, 0, 400),
        ("version 2.0 after a good request", "GET /ok HTTP/1.1\nHost: h\n\nGET / HTTP/2.0\nHost: h\n\n".crlf, 1, 505),
        ("bare LF", Array("GET / HTTP/1.1\r\nHost: h\n\r\n".utf8), 0, 400),
        ("bad chunk terminator", "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n2\nabX\n".crlf, 0, 400),
    ]

    // These loops are synchronous and many run at once; yielding keeps other suites' timers on time.
    @Test(arguments: samples.indices)
    func everySplitOffsetGivesTheSameResult(_ index: Int) async {
        let (name, bytes, _, _) = Self.samples[index]
        let whole = parse(bytes)
        #expect(!whole.requests.isEmpty || whole.error != nil, "\(name) should produce something")
        for offset in 0...bytes.count {
            if offset % 8 == 0 { await Task.yield() }
            let split = parse(bytes, cuts: [offset])
            #expect(split == whole, "\(name) split at \(offset)")
            if split != whole { return }
        }
    }

    @Test(arguments: samples.indices)
    func byteByByteGivesTheSameResult(_ index: Int) {
        let (name, bytes, _, _) = Self.samples[index]
        #expect(parse(bytes, cuts: Array(0..<bytes.count)) == parse(bytes), "\(name)")
    }

    @Test(arguments: samples.indices)
    func randomPiecesGiveTheSameResult(_ index: Int) async {
        let (name, bytes, _, _) = Self.samples[index]
        let whole = parse(bytes)
        var generator = SplitMix64(seed: UInt64(index) + 1)
        for round in 0..<50 {
            if round % 8 == 0 { await Task.yield() }
            let pieces = Int(generator.next() % 6) + 1
            let cuts = (0..<pieces).map { _ in Int(generator.next() % UInt64(bytes.count + 1)) }.sorted()
            #expect(parse(bytes, cuts: cuts) == whole, "\(name) cut at \(cuts)")
        }
    }

    @Test(arguments: samples.indices)
    func samplesParseAsExpected(_ index: Int) {
        let (name, bytes, count, status) = Self.samples[index]
        let outcome = parse(bytes)
        #expect(outcome.requests.count == count, "\(name)")
        #expect(outcome.error?.status == status, "\(name)")
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    /// The generator's state.
    var state: UInt64
    /// A generator starting from `seed`.
    init(seed: UInt64) { state = seed }
    /// The next pseudo-random value.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
