import Foundation
import Testing

@testable import Messages

/// The direct JSON paths give what the Foundation coders give: `JSONValueEncoder` the tree that decoding the
/// `APICoding` text would give, and `serialized()` text that parses back to the same tree.
@Suite struct JSONValueCodingTests {
    struct Inner: Codable {
        var label: String
        var weights: [Float]
        var flags: [String: Bool]
    }

    struct Sample: Codable {
        var text = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} emoji 🦊 é"
        var integer = 42
        var negative: Int64 = -9_007_199_254_740_000
        var small: Int8 = -7
        var unsigned: UInt32 = 4_000_000_000
        var fraction = 0.1
        var single: Float = 0.1
        var tiny = 1.5e-7
        var huge = 1e20
        var flag = true
        var absent: String? = nil
        var present: Int? = 3
        var date = Date(timeIntervalSince1970: 1_790_000_000)
        var data = Data([0, 1, 2, 250])
        var url = URL(string: "https://example.com/a?b=c")!
        var list: [Inner] = [Inner(label: "x", weights: [0.5, 1.25], flags: ["a": true, "b": false])]
        var nested: [String: [Int]] = ["one": [1], "none": []]
        var raw: JSONValue = ["deep": [1, "two", nil, false, ["k": 2.5]]]
    }

    private func viaText(_ value: some Encodable) throws -> JSONValue {
        try APICoding.decoder().decode(JSONValue.self, from: APICoding.encoder().encode(value))
    }

    @Test func theTreeEncoderMatchesEncodingAndParsing() throws {
        #expect(try JSONValueEncoder().encode(Sample()) == viaText(Sample()))
        #expect(try JSONValueEncoder().encode([1, 2, 3]) == viaText([1, 2, 3]))
        #expect(try JSONValueEncoder().encode("alone") == viaText("alone"))
        #expect(try JSONValueEncoder().encode(Optional<Int>.none) == viaText(Optional<Int>.none))
    }

    @Test func theTreeEncoderMatchesOnTheRealParameters() throws {
        var text = ModelGenerationInputKobold()
        text.maxLength = 120
        #expect(try APICoding.jsonValue(of: text) == viaText(text))
        var image = ModelGenerationInputStable()
        image.width = 768
        #expect(try APICoding.jsonValue(of: image) == viaText(image))
    }

    @Test func theTreeEncoderRefusesNumbersJSONCannotHold() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.infinity]) }
    }

    @Test func serializedTextParsesBackToTheSameTree() throws {
        let values: [JSONValue] = [
            try JSONValueEncoder().encode(Sample()),
            .null, true, 0, -3, 2.5, 1e300, -1e-300, "", "\u{00}\u{1F}\u{7F}",
            .array([]), .object([:]), ["a": ["b": ["c": [1, 2, ["d": nil]]]]],
        ]
        for value in values {
            let text = try value.serialized()
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text)) == value, "\(value)")
        }
        #expect(try JSONValue.number(2).serialized() == Array("2".utf8))
        #expect(try JSONValue.string("a/b").serialized() == Array("\"a/b\"".utf8))
        #expect(throws: EncodingError.self) { try JSONValue.number(.nan).serialized() }
    }

    @Test func wireEnvelopesReadBackAsFoundationWritesThem() throws {
        let now = Date().wirePrecision
        let created = RequestCreated(
            requestId: UUID(), kind: .image, userId: 7, priority: 12.5, models: ["m"], n: 3,
            payload: ["prompt": "a \"fox\"\n", "width": 512, "loras": [["name": "1", "is_version": true]]],
            kudosPerJob: 6.5, costPerJob: 7.5, thingsPerJob: 7_864_320, pixels: 262_144, jobTTLSeconds: 150,
            createdAt: now, expiresAt: now.addingTimeInterval(1200))
        let envelope = Envelope(occurredAt: now, payload: RequestCommand.created(created))
        let fast = try WireCoding.encode(envelope)
        let foundation = Array(try WireCoding.encoder().encode(envelope))
        let viaFast = try WireCoding.decode(RequestCommand.self, from: fast)
        let viaFoundation = try WireCoding.decode(RequestCommand.self, from: foundation)
        #expect(viaFast.payload == viaFoundation.payload)
        #expect(viaFast.id == envelope.id && viaFast.occurredAt == now && viaFast.type == envelope.type)
        #expect(
            try JSONDecoder().decode(JSONValue.self, from: Data(fast))
                == JSONDecoder().decode(JSONValue.self, from: Data(foundation)))
    }

    @Test func directResponseBodiesReadBackAsTheEncodersBodies() throws {
        struct Wide: Encodable { var id: Int64 = 9_007_199_254_740_993 }
        for (direct, foundation) in [
            (try APICoding.encodeDirect(Sample()), try APICoding.encode(Sample())),
            (try APICoding.encodeDirect(Wide()), try APICoding.encode(Wide())),
        ] {
            #expect(
                try APICoding.decoder().decode(JSONValue.self, from: Data(direct))
                    == APICoding.decoder().decode(JSONValue.self, from: Data(foundation)))
        }
        // Past 2^53 the tree can't hold the integer: the encoder writes it, digit for digit.
        #expect(String(decoding: try APICoding.encodeDirect(Wide()), as: UTF8.self) == #"{"id":9007199254740993}"#)
        #expect(!String(decoding: try APICoding.encodeDirect(["path": "a/b"]), as: UTF8.self).contains("\\/"))
    }
}
