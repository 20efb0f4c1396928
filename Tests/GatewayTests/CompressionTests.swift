import Foundation
import HTTP
import Testing

@Suite("gzip responses")
struct CompressionTests {
    private let gzipPath = ["/usr/bin/gzip", "/bin/gzip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "gzip"

    /// Decompresses with the system's gzip, the reference decoder.
    private func gunzip(_ bytes: [UInt8]) async throws -> [UInt8] {
        let result = try #require(await ProcessRunner.run(gzipPath, ["-dc"], input: bytes), "gzip not installed")
        #expect(result.status == 0, "gzip: \(result.errors)")
        return result.output
    }

    @Test(arguments: [0, 1, 2, 3, 100, 5000, 70000])
    func roundTripsThroughGzip(size: Int) async throws {
        var generator = SeededGenerator(seed: UInt64(size) + 1)
        let words = ["{\"name\":", "\"model\",", "\"count\":", "12,", " ", "\"queued\":", "3.5}", "[", "]"]
        var input: [UInt8] = []
        while input.count < size {
            if Bool.random(using: &generator) {
                input += Array(words.randomElement(using: &generator)!.utf8)
            } else {
                input.append(UInt8.random(in: 0...255, using: &generator))
            }
        }
        input = Array(input.prefix(size))
        let compressed = GzipEncoder.gzip(input)
        #expect(try await gunzip(compressed) == input)
    }

    @Test func compressesRepetitiveJSONWell() async throws {
        let json = Array(String(repeating: #"{"name":"stable_diffusion","count":3,"queued":1200.5},"#, count: 400).utf8)
        let compressed = GzipEncoder.gzip(json)
        #expect(compressed.count * 10 < json.count)
        #expect(try await gunzip(compressed) == json)
    }

    @Test func acceptEncodingIsParsedWithQValues() {
        #expect(ResponseCompression.acceptsGzip("gzip, deflate, br"))
        #expect(ResponseCompression.acceptsGzip("br;q=1.0, GZIP;q=0.5"))
        #expect(!ResponseCompression.acceptsGzip("gzip;q=0, *"))
        #expect(ResponseCompression.acceptsGzip("*"))
        #expect(!ResponseCompression.acceptsGzip("identity"))
        #expect(!ResponseCompression.acceptsGzip(""))
    }

    @Test func onlyTextualBodiesOverTheThresholdAreCompressed() async throws {
        let body = Array(String(repeating: "hello horde ", count: 200).utf8)
        var json = HTTPResponse.json(200, raw: body)
        ResponseCompression.apply(to: &json, acceptEncoding: "gzip", minBytes: 1024)
        #expect(json.headers["Content-Encoding"] == "gzip")
        #expect(json.headers["Vary"] == "Accept-Encoding")
        #expect(try await gunzip(json.body) == body)

        var refused = HTTPResponse.json(200, raw: body)
        ResponseCompression.apply(to: &refused, acceptEncoding: nil, minBytes: 1024)
        #expect(refused.headers["Content-Encoding"] == nil)
        #expect(refused.headers["Vary"] == "Accept-Encoding")
        #expect(refused.body == body)

        var small = HTTPResponse.json(200, raw: Array(body.prefix(100)))
        ResponseCompression.apply(to: &small, acceptEncoding: "gzip", minBytes: 1024)
        #expect(small.headers["Content-Encoding"] == nil)

        var image = HTTPResponse(status: 200, headers: ["Content-Type": "image/webp"], body: body)
        ResponseCompression.apply(to: &image, acceptEncoding: "gzip", minBytes: 1024)
        #expect(image.headers["Content-Encoding"] == nil)
    }
}

/// A deterministic generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// A generator starting from `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("gzip of incompressible bodies")
struct IncompressibleBodyTests {
    @Test func largeBase64BodiesAreSentAsTheyAre() {
        var generator = SeededGenerator(seed: 9)
        let random = (0..<60_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let body = Array(#"{"img":""#.utf8) + Array(Data(random).base64EncodedString().utf8) + Array(#""}"#.utf8)
        var response = HTTPResponse.json(200, raw: body)
        ResponseCompression.apply(to: &response, acceptEncoding: "gzip", minBytes: 1024)
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.body == body)
    }
}
