import Foundation
import Testing

@testable import Messages

/// The tree decoder reads what `JSONDecoder` reads, and leaves to it whatever the tree can't hold exactly, so its
/// values and errors are Foundation's whichever path answered.
@Suite struct JSONValueDecodingTests {
    typealias Sample = JSONValueCodingTests.Sample

    let api = JSONValueDecoder(dates: .iso8601, fallback: APICoding.decoder)
    let wire = JSONValueDecoder(dates: .milliseconds, fallback: WireCoding.decoder)

    /// The tree alone (no fallback) decodes `bytes` as Foundation does.
    private func treeAgrees<T: Decodable & Equatable>(
        _ type: T.Type, _ bytes: [UInt8], _ decoder: JSONValueDecoder, _ foundation: JSONDecoder
    ) throws -> Bool {
        let tree = try JSONValueParser.parse(bytes)
        return try decoder.decode(type, from: tree) == foundation.decode(type, from: Data(bytes))
    }

    @Test func everyKindOfValueDecodesAsFoundationDecodesIt() throws {
        struct Every: Codable, Equatable {
            var text: String
            var integer: Int
            var negative: Int64
            var small: Int8
            var unsigned: UInt32
            var fraction: Double
            var single: Float
            var flag: Bool
            var absent: String?
            var null: Int?
            var date: Date
            var data: Data
            var url: URL
            var id: UUID
            var list: [[Int]]
            var map: [String: Double]
            var raw: JSONValue
            var kind: RequestKind
        }
        let json = #"""
            {"text":"quote \" slash \/ tab \t é \u00e9 emoji \ud83e\udd8a","integer":42,"negative":-9007199254740,
             "small":-7,"unsigned":4000000000,"fraction":0.1,"single":0.1,"flag":true,"null":null,
             "date":"2026-11-22T14:00:00Z","data":"AAEC+g==","url":"https://example.com/a?b=c",
             "id":"6BA7B810-9DAD-11D1-80B4-00C04FD430C8","list":[[1,2],[],[3]],"map":{"a":1.5,"b":-2e3},
             "raw":{"deep":[1,"two",null,false,{"k":2.5}]},"kind":"text"}
            """#
        #expect(try treeAgrees(Every.self, Array(json.utf8), api, APICoding.decoder()))
        let decoded = try api.decode(Every.self, from: JSONValueParser.parse(Array(json.utf8)))
        #expect(decoded.text == "quote \" slash / tab \t é é emoji 🦊")
        #expect(decoded.id == UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
    }

    @Test func theServicesMessagesDecodeAsFoundationDecodesThem() throws {
        let created = RequestCreated(
            requestId: UUID(), kind: .image, userId: 42, priority: 10.25, models: ["a", "b"], n: 4,
            payload: ["prompt": "a lighthouse", "width": 512, "cfg_scale": 7.5, "loras": [["name": "x", "model": 1]]],
            kudosPerJob: 10, costPerJob: 11.5, thingsPerJob: 7_864_320, pixels: 262_144, jobTTLSeconds: 150,
            createdAt: Date().wirePrecision, expiresAt: Date().wirePrecision.addingTimeInterval(1200))
        #expect(try treeAgrees(RequestCreated.self, try WireCoding.encode(value: created), wire, WireCoding.decoder()))
        let reply = PopReply(
            popId: UUID(), replyTo: "gateway-1", workerId: UUID(),
            assignment: JobAssignment(
                requestId: created.requestId, kind: .image, jobIds: [UUID(), UUID()], model: "a",
                payload: created.payload, ttlSeconds: 150, sourceProcessing: nil),
            skipped: ["models": 3])
        #expect(try treeAgrees(PopReply.self, try WireCoding.encode(value: reply), wire, WireCoding.decoder()))

        let event = Envelope(
            payload: RequestEvent.finished(
                RequestFinished(
                    requestId: created.requestId, kind: .image, requesterId: 42, state: .done,
                    finishedAt: Date().wirePrecision)))
        let bytes = try WireCoding.encode(event)
        let tree = try wire.decode(Envelope<RequestEvent>.self, from: JSONValueParser.parse(bytes))
        let foundation = try WireCoding.decoder().decode(Envelope<RequestEvent>.self, from: Data(bytes))
        #expect(tree.id == foundation.id && tree.occurredAt == foundation.occurredAt)
        #expect(tree.payload == foundation.payload)

        let pop = #"{"name":"w","models":["a"],"bridge_agent":"AI Horde Worker reGen:13.0.0:x","amount":2,"nsfw":true}"#
        #expect(try treeAgrees(PopInputStable.self, Array(pop.utf8), api, APICoding.decoder()))
    }

    @Test func whatTheTreeCannotHoldExactlyIsLeftToFoundation() throws {
        struct Wide: Codable, Equatable { var value: Int64 }
        // 2^53 + 1 is not a Double: the parser refuses it, and Foundation reads it exactly.
        let wide = Array(#"{"value":9007199254740993}"#.utf8)
        #expect(throws: JSONValueParser.Refusal.self) { try JSONValueParser.parse(wide) }
        #expect(try api.decode(Wide.self, from: wide) == Wide(value: 9_007_199_254_740_993))

        for refused in [
            #"{"a":1,"a":2}"#, #"{"a":01}"#, #"{"a":1,}"#, #"[1 2]"#, #"{"a":"\x"}"#, #"{"a":"\ud800"}"#,
            "{\"a\":\"tab\there\"}", #"{"a":NaN}"#, #"{"a":1} x"#, #"{"a":-}"#, #"{"a":1.}"#, #"{"a":tru}"#,
            String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
        ] {
            #expect(throws: JSONValueParser.Refusal.self, "\(refused)") { try JSONValueParser.parse(Array(refused.utf8)) }
        }
        // Whatever Foundation makes of a refused input stands: here, the last of two duplicate keys or an error.
        struct One: Codable, Equatable { var a: Int }
        let duplicate = Array(#"{"a":1,"a":2}"#.utf8)
        let expected = try? APICoding.decoder().decode(One.self, from: Data(duplicate))
        #expect((try? api.decode(One.self, from: duplicate)) == expected)
    }

    @Test func failuresAreFoundationsErrors() throws {
        struct Body: Codable, Equatable {
            var count: Int
            var nested: Inner
            struct Inner: Codable, Equatable { var flag: Bool }
        }
        for body in [
            #"{"count":1.5,"nested":{"flag":true}}"#, #"{"count":1,"nested":{"flag":1}}"#, #"{"count":1}"#,
            #"{"count":null,"nested":{"flag":true}}"#, #"[1]"#, #"not json"#, #"{"count":1e400,"nested":{}}"#,
        ] {
            let ours = Result { try api.decode(Body.self, from: Array(body.utf8)) }
            let theirs = Result { try APICoding.decoder().decode(Body.self, from: Data(body.utf8)) }
            switch (ours, theirs) {
            case (.failure(let mine), .failure(let foundation)):
                #expect(String(describing: mine) == String(describing: foundation), "\(body)")
            default:
                Issue.record("\(body): expected both to fail, got \(ours) and \(theirs)")
            }
        }
        // An exact integer in a fractional spelling is read as Foundation reads it.
        #expect(try api.decode(Body.self, from: Array(#"{"count":2.0,"nested":{"flag":false}}"#.utf8)).count == 2)
    }

    @Test func uuidsAreReadLikeFoundationReadsThem() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUID(hexText: id.uuidString) == id)
            #expect(UUID(hexText: id.uuidString.lowercased()) == id)
        }
        for malformed in [
            "", "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810-9dad-11d1-80b4-00c04fd430c8a",
            "6ba7b8109-dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430cg", "6ba7b810_9dad_11d1_80b4_00c04fd430c8",
        ] {
            #expect(UUID(hexText: malformed) == nil, "\(malformed)")
            #expect(UUID(uuidString: malformed) == nil, "\(malformed)")
        }
    }
}
