import HordeCore
import Testing

@testable import Worker

@Suite("Checksums and DEFLATE")
struct CodecTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func crc32IsIncremental() {
        var crc = CRC32()
        crc.update(Array("1234".utf8))
        crc.update(Array("56789".utf8))
        #expect(crc.finalized == 0xCBF4_3926)
    }

    @Test func adler32MatchesKnownValues() {
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Adler32.checksum([]) == 1)
        // Long enough to need the modulo reduction several times.
        let long = [UInt8](repeating: 0xFF, count: 100_000)
        var a: UInt64 = 1
        var b: UInt64 = 0
        for byte in long {
            a = (a + UInt64(byte)) % 65521
            b = (b + a) % 65521
        }
        #expect(Adler32.checksum(long) == UInt32((b << 16) | a))
    }

    static let samples: [(String, [UInt8])] = {
        var random = SplitMix64(seed: 42)
        let noise = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 400).utf8)
        let run = [UInt8](repeating: 7, count: 100_000)
        // A pattern repeating at a distance near the window's edge.
        var far: [UInt8] = (0..<32_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        far += far
        let ramp = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 / 3) }
        return [
            ("empty", []), ("one byte", [65]), ("two bytes", [1, 2]), ("three bytes", [9, 9, 9]),
            ("noise", noise), ("text", text), ("run", run), ("far repeat", far), ("ramp", ramp),
        ]
    }()

    @Test(arguments: samples.map(\.0))
    func zlibInflatesTheRawStream(name: String) async throws {
        let input = try #require(Self.samples.first { $0.0 == name }?.1)
        let deflated = DeflateEncoder().compress(input)
        #expect(try await Python.inflateRawDigest(deflated) == SHA256.hex(SHA256.hash(input)))
    }

    @Test func zlibAcceptsTheContainerAndItsAdler32() async throws {
        let input = Array(String(repeating: "horde ", count: 5000).utf8)
        let stream = ZlibStream.compress(input)
        #expect(stream[0] == 0x78)
        #expect((Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0)
        #expect(try await Python.inflateZlibDigest(stream) == SHA256.hex(SHA256.hash(input)))
    }

    @Test func repetitiveInputShrinks() {
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 400).utf8)
        #expect(DeflateEncoder().compress(text).count < text.count / 20)
        // A run costs one 258-byte match of 13 bits under the fixed code: about 6.6 KB per MiB.
        #expect(DeflateEncoder().compress([UInt8](repeating: 0, count: 1 << 20)).count < 7_000)
    }

    @Test func incompressibleInputFallsBackToStoredBlocks() {
        var random = SplitMix64(seed: 7)
        let noise = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let deflated = DeflateEncoder().compress(noise)
        // Four stored blocks: five bytes of framing each.
        #expect(deflated.count == noise.count + 5 * 4)
        #expect(deflated[0] & 0b111 == 0)  // not final, stored
    }
}
