import Foundation
import Messages
import ServiceKit
import Testing

@testable import Gateway

/// Alchemy request validation, source images, prices, result normalisation and status aggregation.
@Suite struct InterrogationValidationTests {
    static func png(width: Int, height: Int) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        bytes += Array("IHDR".utf8)
        for value in [width, height] { bytes += [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        return bytes + [8, 6, 0, 0, 0]
    }

    static func size(_ bytes: [UInt8]) -> [Int]? {
        ImageDimensions.of(bytes).map { [$0.width, $0.height] }
    }

    static func input(_ json: String) throws -> ModelInterrogationInputStable {
        try JSONBody.decode(ModelInterrogationInputStable.self, from: Array(json.utf8))
    }

    static func rc(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as HordeError {
            return error.rc.rawValue
        } catch {
            return "\(error)"
        }
    }

    @Test func imageSizesAreReadFromTheHeaders() {
        #expect(Self.size(Self.png(width: 1000, height: 600)) == [1000, 600])
        let gif: [UInt8] = Array("GIF89a".utf8) + [0x40, 0x01, 0xF0, 0x00]
        #expect(Self.size(gif) == [320, 240])
        var webp: [UInt8] = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0, 0, 0, 0]
        webp += [0xFF, 0x03, 0x00, 0x57, 0x02, 0x00, 0, 0]
        #expect(Self.size(webp) == [1024, 600])
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0xFF, 0xC0, 0x00, 0x11, 8, 0x01, 0xE0, 0x02, 0x80, 3]
        #expect(Self.size(jpeg) == [640, 480])
        #expect(ImageDimensions.of(Array("not an image at all".utf8)) == nil)
        #expect(ImageDimensions.of([0x89, 0x50]) == nil)
    }

    @Test func sourcesAreURLsOrBase64ImagesWithinLimits() throws {
        #expect(try InterrogationSource.parse("https://example.com/a.png") == .url("https://example.com/a.png"))
        #expect(try InterrogationSource.parse("https://example.com/a.png").tiles == 1)
        let base64 = Data(Self.png(width: 1000, height: 600)).base64EncodedString()
        let source = try InterrogationSource.parse("data:image/png;base64," + base64)
        #expect(source == .base64(base64, width: 1000, height: 600))
        #expect(source.tiles == 4)
        #expect(Self.rc { _ = try InterrogationSource.parse(Data(Self.png(width: 4000, height: 10)).base64EncodedString()) }
            == "SourceImageResolutionExceeded")
        #expect(Self.rc { _ = try InterrogationSource.parse(Data("plain text".utf8).base64EncodedString()) }
            == "SourceImageUnreadable")
        #expect(Self.rc { _ = try InterrogationSource.parse("@@@") } == "ImageValidationFailed")
        #expect(Self.rc { _ = try InterrogationSource.parse("https://") } == "SourceImageUrlInvalid")
    }

    @Test func formsArePricedPerRule() {
        #expect(InterrogationPricing.price(form: "caption", tiles: 9) == 1)
        #expect(InterrogationPricing.price(form: "nsfw", tiles: 9) == 1)
        #expect(InterrogationPricing.price(form: "interrogation", tiles: 9) == 3)
        #expect(InterrogationPricing.price(form: "RealESRGAN_x4plus", tiles: 4) == 12)
        #expect(InterrogationPricing.cost(price: 1, slowWorkers: true) == 3)
        #expect(InterrogationPricing.cost(price: 12, slowWorkers: false) == 13)
    }

    @Test func theParserDefaultsApplyAndDuplicateFormsAreDropped() throws {
        let validated = try InterrogationRequestValidator.validate(
            try Self.input(
                #"{"source_image": "https://example.com/a.png", "forms": [{"name": "caption"}, {"name": "nsfw", "payload": {"x": "y"}}, {"name": "caption"}]}"#),
            allowHTTPWebhooks: false)
        #expect(validated.forms.map(\.name) == ["caption", "nsfw"])
        #expect(validated.forms[1].payload == ["x": "y"])
        #expect(validated.slowWorkers)
        #expect(!validated.trustedWorkers)
        let user = AuthenticatedUser(
            id: 3, username: "u", oauthId: "x", moderator: false, trusted: true, flagged: false, deleted: false,
            concurrency: 30)
        let created = InterrogationRequestValidator.created(
            validated, id: UUID(), user: user, priority: 12, now: Date(), ttl: .seconds(1200))
        #expect(created.forms.map(\.cost) == [3, 3])
        #expect(created.sourceURL == "https://example.com/a.png")
        #expect(created.userTrusted)
        #expect(Set(created.forms.map(\.formId)).count == 2)
    }

    @Test func badBodiesAreRefusedWithTheirErrors() throws {
        func refused(_ json: String, allowHTTP: Bool = false) -> String? {
            Self.rc { _ = try InterrogationRequestValidator.validate(try Self.input(json), allowHTTPWebhooks: allowHTTP) }
        }
        #expect(refused(#"{"forms": [{"name": "caption"}]}"#) == "ValidationError")
        #expect(refused(#"{"source_image": "https://e.com/a.png"}"#) == "ValidationError")
        #expect(refused(#"{"source_image": "https://e.com/a.png", "forms": []}"#) == "ValidationError")
        #expect(refused(#"{"source_image": "https://e.com/a.png", "forms": [{"name": "paint"}]}"#) == "ValidationError")
        #expect(refused(#"{"source_image": "https://e.com/a.png", "forms": [{"name": "caption", "payload": 3}]}"#)
            == "ValidationError")
        #expect(refused(#"{"source_image": "https://e.com/a.png", "forms": [{"name": "caption"}], "webhook": "http://e.com/hook"}"#)
            == "ValidationError")
        #expect(refused(#"{"source_image": "https://e.com/a.png", "forms": [{"name": "caption"}], "webhook": "http://e.com/hook"}"#, allowHTTP: true)
            == nil)
        #expect(refused(#"{"source_image": " ", "forms": [{"name": "caption"}]}"#) == "ValidationError")
    }

    @Test func resultsAreStoredAsObjectsKeyedByForm() throws {
        #expect(try FormResultCheck.normalised(["caption": "a cat"], form: "caption") == #"{"caption":"a cat"}"#)
        #expect(try FormResultCheck.normalised("a cat", form: "caption") == #"{"caption":"a cat"}"#)
        #expect(try FormResultCheck.normalised(#"{"nsfw": false}"#, form: "nsfw") == #"{"nsfw":false}"#)
        let image = Data(Self.png(width: 64, height: 64)).base64EncodedString()
        #expect(try FormResultCheck.normalised(["GFPGAN": .string(image)], form: "GFPGAN").contains(image))
        #expect(try FormResultCheck.normalised("https://bucket.example/out.webp", form: "GFPGAN")
            == #"{"GFPGAN":"https://bucket.example/out.webp"}"#)
        #expect(Self.rc { _ = try FormResultCheck.normalised("R2", form: "GFPGAN") } == "BadRequest")
        #expect(Self.rc { _ = try FormResultCheck.normalised(nil, form: "caption") } == "ValidationError")
    }

    @Test func theOverallStateFollowsTheForms() {
        #expect(InterrogationStatusBuilder.aggregate(["done", "done"]) == "done")
        #expect(InterrogationStatusBuilder.aggregate(["faulted", "faulted"]) == "faulted")
        #expect(InterrogationStatusBuilder.aggregate(["done", "processing", "waiting"]) == "processing")
        #expect(InterrogationStatusBuilder.aggregate(["done", "waiting"]) == "waiting")
        #expect(InterrogationStatusBuilder.aggregate(["done", "faulted"]) == "partial")
        #expect(InterrogationStatusBuilder.aggregate(["done", "cancelled"]) == "partial")
        let status = InterrogationStatus(
            state: "processing",
            forms: [
                InterrogationFormStatus(form: "caption", state: "done", result: ["caption": "x"]),
                InterrogationFormStatus(form: "nsfw", state: "processing"),
            ])
        let cancelled = InterrogationStatusBuilder.cancelled(status)
        #expect(cancelled.forms.map(\.state) == ["done", "cancelled"])
        #expect(cancelled.state == "partial")
        #expect(!InterrogationStatusBuilder.isOpen(cancelled))
    }

    @Test func alchemistPopsAreValidatedAndDefaultToCaption() throws {
        func pop(_ json: String) throws -> InterrogationPopInput {
            try JSONBody.decode(InterrogationPopInput.self, from: Array(json.utf8))
        }
        let defaults = try pop(#"{"name": "alchemist"}"#)
        #expect(defaults.maxTiles == 80)
        #expect(defaults.amount == 1)
        let (checkIn, priority) = try AlchemistPopValidator.validate(defaults, ipAddress: "127.0.0.1")
        #expect(checkIn.models == ["caption"])
        #expect(checkIn.kind == .interrogation)
        #expect(priority.isEmpty)
        let listed = try AlchemistPopValidator.validate(
            try pop(#"{"name": "a", "forms": ["nsfw", "nsfw", "GFPGAN"], "priority_usernames": ["bob#12"]}"#),
            ipAddress: "")
        #expect(listed.checkIn.models == ["nsfw", "GFPGAN"])
        #expect(listed.priorityUserIds == [12])
        #expect(Self.rc { _ = try AlchemistPopValidator.validate(try pop(#"{"name": "a", "priority_usernames": ["bob"]}"#), ipAddress: "") }
            == "BadRequest")
        #expect(Self.rc { _ = try AlchemistPopValidator.validate(try pop(#"{"name": "a", "max_tiles": 300}"#), ipAddress: "") }
            == "ValidationError")
        #expect(Self.rc { _ = try AlchemistPopValidator.validate(try pop(#"{"name": "a", "forms": ["dance"]}"#), ipAddress: "") }
            == "ValidationError")
    }
}
