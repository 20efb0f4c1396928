import HordeCore
import Testing

@testable import Worker

@Suite("PNG encoder and image renderer")
struct PNGEncoderTests {
    @Test func independentDecoderReadsBackTheExactPixels() async throws {
        let pixels = ImageRenderer.render(prompt: "a lighthouse at dusk", seed: 1234, width: 96, height: 64)
        let file = try PNGEncoder.encode(width: 96, height: 64, rgb: pixels)
        let decoded = try await Python.decodePNG(file)
        #expect(decoded.width == 96)
        #expect(decoded.height == 64)
        #expect(decoded.bitDepth == 8)
        #expect(decoded.colorType == 2)
        #expect(decoded.crcValid)
        #expect(decoded.chunks == ["IHDR", "tEXt", "IDAT", "IEND"])
        #expect(decoded.pixelDigest == SHA256.hex(SHA256.hash(pixels)))
    }

    @Test func everyFilterTypeRoundTrips() async throws {
        // Noise, steps and gradients push the filter heuristic to pick all five filters somewhere.
        var random = SplitMix64(seed: 99)
        let width = 40, height = 30
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let index = (y * width + x) * 3
                switch y % 5 {
                case 0: pixels[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: pixels[index] = UInt8(x * 6)
                case 2: pixels[index] = UInt8(y * 8)
                case 3: pixels[index] = UInt8((x + y) * 3)
                default: pixels[index] = UInt8(truncatingIfNeeded: x * y)
                }
                pixels[index + 1] = UInt8(truncatingIfNeeded: random.next() % 4)
                pixels[index + 2] = 200
            }
        }
        let filtered = PNGEncoder.filtered(width: width, height: height, rgb: pixels)
        let filters = Set((0..<height).map { filtered[$0 * (width * 3 + 1)] })
        #expect(filters.count >= 3)
        let decoded = try await Python.decodePNG(try PNGEncoder.encode(width: width, height: height, rgb: pixels))
        #expect(decoded.pixelDigest == SHA256.hex(SHA256.hash(pixels)))
    }

    @Test func samePromptAndSeedGiveTheSameFile() async throws {
        let first = try PNGEncoder.encode(
            width: 64, height: 64, rgb: ImageRenderer.render(prompt: "cat", seed: 5, width: 64, height: 64))
        let second = try PNGEncoder.encode(
            width: 64, height: 64, rgb: ImageRenderer.render(prompt: "cat", seed: 5, width: 64, height: 64))
        #expect(first == second)
    }

    @Test func pixelsDependOnPromptAndSeed() {
        let base = ImageRenderer.render(prompt: "cat", seed: 5, width: 64, height: 64)
        #expect(ImageRenderer.render(prompt: "cat", seed: 6, width: 64, height: 64) != base)
        #expect(ImageRenderer.render(prompt: "dog", seed: 5, width: 64, height: 64) != base)
    }

    @Test func imagesHaveTheRequestedSize() async throws {
        let file = try PNGEncoder.encode(
            width: 320, height: 192, rgb: ImageRenderer.render(prompt: "wide", seed: 1, width: 320, height: 192))
        let decoded = try await Python.decodePNG(file)
        #expect(decoded.width == 320)
        #expect(decoded.height == 192)
    }

    @Test func renderedImagesCompressWell() async throws {
        let pixels = ImageRenderer.render(prompt: "mountains, river, sunrise", seed: 77, width: 512, height: 512)
        let file = try PNGEncoder.encode(width: 512, height: 512, rgb: pixels)
        // 768 KiB of pixels; flat shapes and row gradients should need a small fraction of that.
        #expect(file.count < pixels.count / 10)
        #expect(try await Python.inflateZlibDigest(idat(of: file)).count == 64)
    }

    @Test func chunkCRCsCoverTypeAndData() async throws {
        let file = try PNGEncoder.encode(width: 2, height: 2, rgb: [UInt8](repeating: 128, count: 12))
        // IHDR: length at 8, type at 12, 13 data bytes, CRC right after.
        let crc = file[29...32].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        #expect(crc == CRC32.checksum(file[12..<29]))
    }

    @Test func rejectsABufferOfTheWrongSize() {
        #expect(throws: PNGEncoder.EncodingError.self) {
            try PNGEncoder.encode(width: 4, height: 4, rgb: [0, 0, 0])
        }
        #expect(throws: PNGEncoder.EncodingError.self) { try PNGEncoder.encode(width: 0, height: 4, rgb: []) }
    }

    private func idat(of file: [UInt8]) -> [UInt8] {
        var position = 8
        var data: [UInt8] = []
        while position + 8 <= file.count {
            let length = Int(file[position..<position + 4].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) })
            let type = String(decoding: file[position + 4..<position + 8], as: UTF8.self)
            if type == "IDAT" { data += file[position + 8..<position + 8 + length] }
            position += 12 + length
        }
        return data
    }
}
