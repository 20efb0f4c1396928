import Foundation
import HTTP
import Messages
import ServiceKit
import Testing

@testable import Gateway

/// Small images for the source-image tests.
enum SourceImageSamples {
    /// A 1×1 RGBA PNG (has an alpha channel).
    static let rgbaPNG =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    /// A 1×1 RGB PNG (no alpha channel).
    static let rgbPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"

    /// The header of a PNG of the given size (enough for the header checks).
    static func pngHeader(width: Int, height: Int, colourType: UInt8 = 2) -> [UInt8] {
        func be32(_ value: Int) -> [UInt8] { (0..<4).reversed().map { UInt8((value >> ($0 * 8)) & 0xFF) } }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + Array("IHDR".utf8) + be32(width)
            + be32(height) + [8, colourType, 0, 0, 0] + [0, 0, 0, 0]
    }
}

@Suite("Source images on image requests")
struct SourceImageTests {
    private func input(_ json: String) throws -> GenerationInputStable {
        try TestSupport.body(GenerationInputStable.self, json)
    }

    private func validate(_ json: String, trusted: Bool = false) throws -> ValidatedImageRequest {
        try ImageRequestValidator.validate(
            try input(json), user: TestSupport.user(trusted: trusted), allowHTTPWebhooks: false)
    }

    private func resolver(
        allowLocal: Bool = false,
        get: @escaping @Sendable (String, Duration) async throws -> HTTPClientResponse = { _, _ in
            HTTPClientResponse(status: 404)
        }
    ) -> SourceImageResolver {
        var fetcher = SourceImageFetcher(allowLocalHosts: allowLocal)
        fetcher.get = get
        return SourceImageResolver(fetcher: fetcher)
    }

    @Test func aBase64SourceIsAcceptedAndPricedThirtyPercentHigher() throws {
        let plain = try validate(#"{"prompt": "a cat"}"#)
        let sourced = try validate(#"{"prompt": "a cat", "source_image": "\#(SourceImageSamples.rgbPNG)"}"#)
        let id = UUID()
        let user = TestSupport.user()
        let a = try ImageRequestPlan(plain, id: id, user: user, priority: 0, now: Date(), ttl: .seconds(1200))
        let b = try ImageRequestPlan(sourced, id: id, user: user, priority: 0, now: Date(), ttl: .seconds(1200))
        #expect(b.created.sourceProcessing == "img2img")
        #expect(a.created.sourceProcessing == nil)
        #expect(b.created.payload["source_image"] == nil, "the image never travels in the Kafka command")
        #expect(abs((b.created.costPerJob - 1) - (a.created.costPerJob - 1) * 1.3) < 0.011)
        #expect(ImageRequestPlan.dryRunKudos(sourced) > ImageRequestPlan.dryRunKudos(plain))
    }

    @Test func extraSourceImagesAreCountedAndTaxed() throws {
        let json = #"""
            {"prompt": "x", "source_image": "\#(SourceImageSamples.rgbPNG)", "source_processing": "remix",
             "params": {"n": 2}, "extra_source_images": [{"image": "\#(SourceImageSamples.rgbPNG)"}, {"image": "\#(SourceImageSamples.rgbPNG)", "strength": 0.5}]}
            """#
        let validated = try validate(json, trusted: true)
        let user = TestSupport.user(trusted: true)
        let plan = try ImageRequestPlan(validated, id: UUID(), user: user, priority: 0, now: Date(), ttl: .seconds(1200))
        var plain = validated
        plain.input.extraSourceImages = nil
        let base = try ImageRequestPlan(plain, id: UUID(), user: user, priority: 0, now: Date(), ttl: .seconds(1200))
        #expect(plan.created.extraSourceImages == 2)
        #expect(plan.created.sourceProcessing == "remix")
        // 5 kudos per extra image over the request's 2 jobs.
        #expect(abs(plan.created.costPerJob - base.created.costPerJob - 5) < 0.011)
    }

    @Test func eachStructuralProblemHasItsRc() async throws {
        let png = SourceImageSamples.rgbPNG
        let six = Array(repeating: #"{"image": "\#(png)"}"#, count: 6).joined(separator: ",")
        await expectHordeError(.tooManyExtraSourceImages) {
            _ = try validate(#"{"prompt": "x", "source_image": "\#(png)", "source_processing": "remix", "extra_source_images": [\#(six)]}"#, trusted: true)
        }
        await expectHordeError(.invalidExtraSourceImages) {
            _ = try validate(#"{"prompt": "x", "source_image": "\#(png)", "extra_source_images": [{"image": "\#(png)"}]}"#)
        }
        await expectHordeError(.invalidExtraSourceImages) {
            _ = try validate(#"{"prompt": "x", "source_processing": "remix", "extra_source_images": [{"image": "\#(png)"}]}"#)
        }
        let two = #"[{"image": "\#(png)"}, {"image": "\#(png)"}]"#
        let remixTwo = #"{"prompt": "x", "source_image": "\#(png)", "source_processing": "remix", "extra_source_images": \#(two)}"#
        await expectHordeError(.moreThanMinExtraSourceImage) { _ = try validate(remixTwo) }
        _ = try validate(remixTwo, trusted: true)
        await expectHordeError(.sourceMaskUnnecessary) { _ = try validate(#"{"prompt": "x", "source_mask": "\#(png)"}"#) }
        await expectHordeError(.controlNetInpaintingMismatch) {
            _ = try validate(#"{"prompt": "x", "source_image": "\#(png)", "source_processing": "inpainting", "params": {"control_type": "canny"}}"#)
        }
        await expectHordeError(.invalidRemix) {
            _ = try validate(#"{"prompt": "x", "models": ["AlbedoBase [SDXL]"], "source_image": "\#(png)", "source_processing": "remix"}"#)
        }
        let wrongMode = await expectHordeError(.validationError) {
            _ = try validate(#"{"prompt": "x", "source_image": "\#(png)", "source_processing": "sketch"}"#)
        }
        #expect(schemaErrors(wrongMode)["source_processing"] != nil)
    }

    @Test func base64SourcesAreDecodedAndChecked() async throws {
        let resolver = resolver()
        let ok = try #require(try await resolver.resolve(try input(#"{"prompt": "x", "source_image": "data:image/png;base64,\#(SourceImageSamples.rgbPNG)"}"#)))
        #expect(ok.image == SourceImageSamples.rgbPNG, "the data: prefix is dropped")
        #expect(ok.processing == "img2img" && ok.mask == nil && ok.extras.isEmpty)
        #expect(try await resolver.resolve(try input(#"{"prompt": "x"}"#)) == nil)

        await expectHordeError(.imageValidationFailed) {
            _ = try await resolver.resolve(try input(#"{"prompt": "x", "source_image": "@@@"}"#))
        }
        await expectHordeError(.imageValidationFailed) {
            _ = try await resolver.resolve(try input(#"{"prompt": "x", "source_image": "aGVsbG8gd29ybGQ="}"#))
        }
        let huge = Data(SourceImageSamples.pngHeader(width: 3073, height: 64)).base64EncodedString()
        await expectHordeError(.sourceImageResolutionExceeded) {
            _ = try await resolver.resolve(try input(#"{"prompt": "x", "source_image": "\#(huge)"}"#))
        }
        let edge = Data(SourceImageSamples.pngHeader(width: 3072, height: 3072)).base64EncodedString()
        #expect(try await resolver.resolve(try input(#"{"prompt": "x", "source_image": "\#(edge)"}"#)) != nil)
        await expectHordeError(.imageValidationFailed) {
            _ = try await resolver.resolve(
                try input(#"{"prompt": "x", "source_image": "\#(SourceImageSamples.rgbPNG)", "source_mask": "!!"}"#))
        }
    }

    @Test func inpaintingWithoutAMaskNeedsAnAlphaChannel() async throws {
        let resolver = resolver()
        await expectHordeError(.inpaintingMissingMask) {
            _ = try await resolver.resolve(
                try input(#"{"prompt": "x", "source_image": "\#(SourceImageSamples.rgbPNG)", "source_processing": "inpainting"}"#))
        }
        let alpha = try await resolver.resolve(
            try input(#"{"prompt": "x", "source_image": "\#(SourceImageSamples.rgbaPNG)", "source_processing": "inpainting"}"#))
        #expect(alpha?.processing == "inpainting")
        let masked = try await resolver.resolve(
            try input(#"{"prompt": "x", "source_image": "\#(SourceImageSamples.rgbPNG)", "source_processing": "inpainting", "source_mask": "\#(SourceImageSamples.rgbPNG)"}"#))
        #expect(masked?.mask == SourceImageSamples.rgbPNG)
        // Outpainting has no such requirement.
        #expect(try await resolver.resolve(
            try input(#"{"prompt": "x", "source_image": "\#(SourceImageSamples.rgbPNG)", "source_processing": "outpainting"}"#)) != nil)
    }

    @Test func alphaIsReadFromPNGAndWebPHeaders() throws {
        let rgba = try #require(Data(base64Encoded: SourceImageSamples.rgbaPNG)).map { $0 }
        let rgb = try #require(Data(base64Encoded: SourceImageSamples.rgbPNG)).map { $0 }
        #expect(SourceImageFormat(rgba) == .png && SourceImageFormat.png.hasAlpha(rgba))
        #expect(!SourceImageFormat.png.hasAlpha(rgb))
        var extended = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0x10, 0, 0, 0]
        extended += [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(SourceImageFormat(extended) == .webp && SourceImageFormat.webp.hasAlpha(extended))
        extended[20] = 0
        #expect(!SourceImageFormat.webp.hasAlpha(extended))
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        #expect(SourceImageFormat(jpeg) == .jpeg && !SourceImageFormat.jpeg.hasAlpha(jpeg))
        #expect(SourceImageFormat(Array("GIF89a".utf8)) == nil)
    }

    @Test func urlSourcesAreDownloadedWithinTheLimits() async throws {
        let png = try #require(Data(base64Encoded: SourceImageSamples.rgbPNG)).map { $0 }
        let seen = Recorder()
        let serving = resolver { url, timeout in
            await seen.record(url, timeout)
            return HTTPClientResponse(status: 200, body: png)
        }
        let fetched = try await serving.resolve(try input(#"{"prompt": "x", "source_image": "https://images.example.com/cat.png"}"#))
        #expect(fetched?.image == SourceImageSamples.rgbPNG)
        let expected: Duration = .seconds(2)
        #expect(await seen.calls == ["https://images.example.com/cat.png \(expected)"])

        let tooBig = resolver { _, _ in HTTPClientResponse(status: 200, body: png + [UInt8](repeating: 0, count: 5 << 20)) }
        await expectHordeError(.sourceImageSizeExceeded) {
            _ = try await tooBig.resolve(try input(#"{"prompt": "x", "source_image": "https://images.example.com/big.png"}"#))
        }
        let overClientLimit = resolver { _, _ in throw HTTPClientError(.responseTooLarge, "images.example.com") }
        await expectHordeError(.sourceImageSizeExceeded) {
            _ = try await overClientLimit.resolve(try input(#"{"prompt": "x", "source_image": "https://images.example.com/huge.png"}"#))
        }
        let notImage = resolver { _, _ in HTTPClientResponse(status: 200, body: Array("<html></html>".utf8)) }
        await expectHordeError(.sourceImageUrlInvalid) {
            _ = try await notImage.resolve(try input(#"{"prompt": "x", "source_image": "https://images.example.com/page"}"#))
        }
        let missing = resolver { _, _ in HTTPClientResponse(status: 404) }
        await expectHordeError(.imageValidationFailed) {
            _ = try await missing.resolve(try input(#"{"prompt": "x", "source_image": "https://images.example.com/gone.png"}"#))
        }
        let failing = resolver { _, _ in throw HTTPClientError(.timedOut, "slow") }
        await expectHordeError(.imageValidationFailed) {
            _ = try await failing.resolve(try input(#"{"prompt": "x", "source_image": "https://images.example.com/slow.png"}"#))
        }
    }

    @Test func insideAddressesAreRefusedUnlessLocalHostsAreAllowed() async throws {
        let png = try #require(Data(base64Encoded: SourceImageSamples.rgbPNG)).map { $0 }
        for url in ["http://127.0.0.1:8080/a.png", "https://10.1.2.3/a.png", "http://localhost/a.png", "http://[::1]/a.png",
                    "https://metadata.google.internal/a.png", "http://169.254.169.254/latest"] {
            let refusing = resolver { _, _ in HTTPClientResponse(status: 200, body: png) }
            await expectHordeError(.sourceImageUrlInvalid) {
                _ = try await refusing.resolve(try input(#"{"prompt": "x", "source_image": "\#(url)"}"#))
            }
        }
        let allowing = resolver(allowLocal: true) { _, _ in HTTPClientResponse(status: 200, body: png) }
        #expect(try await allowing.resolve(try input(#"{"prompt": "x", "source_image": "http://127.0.0.1:8080/a.png"}"#)) != nil)
    }
}

/// Records the fetches a stubbed client was asked for.
private actor Recorder {
    private(set) var calls: [String] = []
    func record(_ url: String, _ timeout: Duration) { calls.append("\(url) \(timeout)") }
}
