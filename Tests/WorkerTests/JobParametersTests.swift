import Messages
import Testing

@testable import Worker

@Suite("Job payload reading")
struct JobParametersTests {
    @Test func imageDefaultsWhenKeysAreAbsent() {
        let parameters = ImageJobParameters(payload: ["prompt": "a cat"], fallbackSeed: 77)
        #expect(parameters.prompt == "a cat")
        #expect(parameters.negativePrompt == "")
        #expect(parameters.width == 512)
        #expect(parameters.height == 512)
        #expect(parameters.steps == 30)
        #expect(parameters.seed == 77)
        #expect(parameters.count == 1)
    }

    @Test func imageReadsThePopPayload() {
        let payload: JSONValue = [
            "prompt": "a cat###blurry", "width": 768, "height": 320, "ddim_steps": 12, "seed": "31337", "n_iter": 3,
        ]
        let parameters = ImageJobParameters(payload: payload, fallbackSeed: 0)
        #expect(parameters.prompt == "a cat")
        #expect(parameters.negativePrompt == "blurry")
        #expect(parameters.width == 768)
        #expect(parameters.height == 320)
        #expect(parameters.steps == 12)
        #expect(parameters.seed == 31337)
        #expect(parameters.count == 3)
        #expect(parameters.seed(forImage: 2) == 31339)
    }

    @Test func hostileSizesAreBounded() {
        let payload: JSONValue = ["width": 1_000_000, "height": -5, "n_iter": 500]
        let parameters = ImageJobParameters(payload: payload, fallbackSeed: 0)
        #expect(parameters.width == ImageJobParameters.maxSide)
        #expect(parameters.height == 1)
        #expect(parameters.count == ImageJobParameters.maxBatch)
    }

    @Test func seedsFoldBelowTwoToThe32() {
        #expect(SeedValue.parse("4294967301") == 5)
        #expect(SeedValue.parse(.number(4_294_967_296 + 9)) == 9)
        #expect(SeedValue.parse(.number(42)) == 42)
        #expect(SeedValue.parse(.string("")) == nil)
        #expect(SeedValue.parse(nil) == nil)
        #expect(SeedValue.parse(.null) == nil)
        #expect(ImageJobParameters(payload: ["seed": 4_294_967_295], fallbackSeed: 0).seed(forImage: 1) == 0)
    }

    @Test func textSeedsUseTheirLittleEndianBytes() {
        // "abc" = 0x61 0x62 0x63 read little-endian.
        #expect(SeedValue.parse("abc") == 0x63_6261)
        #expect(SeedValue.parse("abcdef") == 0x6463_6261)
    }

    @Test func textReadsThePopPayload() {
        let payload: JSONValue = [
            "prompt": "Hello", "max_length": 120, "max_context_length": 1024, "stop_sequence": ["\nYou:", 5],
            "singleline": true, "n": 1,
        ]
        let parameters = TextJobParameters(payload: payload, fallbackSeed: 8)
        #expect(parameters.prompt == "Hello")
        #expect(parameters.maxLength == 120)
        #expect(parameters.maxContextLength == 1024)
        #expect(parameters.stopSequences == ["\nYou:"])
        #expect(parameters.singleLine)
        #expect(parameters.seed == 8)
        #expect(TextJobParameters(payload: [:], fallbackSeed: 0).maxLength == 80)
    }
}
