import Foundation
import Messages
import ServiceKit

/// Turns an image request's source fields into the images workers receive (HORDE_RULES 2.7): each one is
/// base64 (optionally a `data:` URL) of a PNG, WebP or JPEG at most 3072×3072, or an `http(s)` URL downloaded
/// now (URL sources are not size-checked, as in the reference). Inpainting without a mask needs a source with
/// an alpha channel.
struct SourceImageResolver: Sendable {
    /// Largest side of a base64 source, in pixels.
    static let maxSide = 3072

    /// Downloads URL sources.
    var fetcher: SourceImageFetcher

    /// The request's sources, or nil when it has no `source_image`; throws the first problem with its rc.
    func resolve(_ input: GenerationInputStable) async throws -> RequestSources? {
        guard let source = input.sourceImage else { return nil }
        let image = try await load(source, field: "source_image")
        let mask = try await input.sourceMask.asyncMap { try await load($0, field: "source_mask") }
        if input.sourceProcessing == "inpainting", mask == nil, !image.format.hasAlpha(image.bytes) {
            throw HordeError(
                .inpaintingMissingMask,
                "Inpainting requires either a source_mask or a source_image with an alpha channel (PNG or WebP).")
        }
        var extras: [ExtraSourceImage] = []
        for (index, extra) in (input.extraSourceImages ?? []).enumerated() {
            let loaded = try await load(extra.image, field: "extra_source_images.\(index)")
            extras.append(ExtraSourceImage(image: loaded.base64, strength: extra.strength))
        }
        return RequestSources(image: image.base64, processing: input.sourceProcessing, mask: mask?.base64, extras: extras)
    }

    /// One image read and checked.
    struct Loaded {
        var bytes: [UInt8]
        var format: SourceImageFormat
        var base64: String { Data(bytes).base64EncodedString() }
    }

    /// Reads one field: a URL is downloaded, anything else is decoded as base64.
    func load(_ text: String, field: String) async throws -> Loaded {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
            let bytes = try await fetcher.fetch(trimmed)
            guard let format = SourceImageFormat(bytes) else {
                throw HordeError(.sourceImageUrlInvalid, "The \(field) URL does not point to a PNG, WebP or JPEG image.")
            }
            return Loaded(bytes: bytes, format: format)
        }
        var base64 = trimmed
        if lowered.hasPrefix("data:"), let comma = base64.firstIndex(of: ",") {
            base64 = String(base64[base64.index(after: comma)...])
        }
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw HordeError(.imageValidationFailed, "The \(field) is neither an http(s) URL nor valid base64.")
        }
        let bytes = [UInt8](data)
        guard let format = SourceImageFormat(bytes), let size = ImageDimensions.of(bytes), size.width > 0, size.height > 0
        else {
            throw HordeError(.imageValidationFailed, "The \(field) could not be read as a PNG, WebP or JPEG image.")
        }
        if size.width > Self.maxSide || size.height > Self.maxSide {
            throw HordeError(
                .sourceImageResolutionExceeded,
                "The \(field) is \(size.width)x\(size.height): it may be at most \(Self.maxSide)x\(Self.maxSide) pixels.")
        }
        return Loaded(bytes: bytes, format: format)
    }
}

extension Optional {
    /// The wrapped value transformed by an async throwing function, or nil.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
