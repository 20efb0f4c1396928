import Messages
import ServiceKit

/// The checks of an image request's source fields that need no image bytes (HORDE_RULES 2.7, 2.9), each with
/// the reference's rc. The pixels themselves are judged when the request is accepted (`SourceImageResolver`).
enum SourceImageRules {
    /// Most extra source images a request may carry.
    static let maxExtraImages = 5

    /// Throws the first problem of `input`'s source fields; `trusted` requesters may send several extra images.
    static func check(_ input: GenerationInputStable, trusted: Bool, reference: ModelReference) throws {
        let extras = input.extraSourceImages ?? []
        if !extras.isEmpty {
            if extras.count > maxExtraImages {
                throw HordeError(.tooManyExtraSourceImages, "You can send a maximum of \(maxExtraImages) extra source images.")
            }
            if input.sourceImage == nil || input.sourceProcessing != "remix" {
                throw HordeError(.invalidExtraSourceImages, "This request type does not accept extra source images.")
            }
            if extras.count > 1, !trusted {
                throw HordeError(
                    .moreThanMinExtraSourceImage, "Only trusted users may send more than one extra source image.")
            }
            if extras.contains(where: { $0.image.isEmpty }) {
                throw HordeError(.imageValidationFailed, "An extra source image is empty.")
            }
        }
        if input.sourceMask != nil, input.sourceImage == nil {
            throw HordeError(.sourceMaskUnnecessary, "Please do not send a source_mask without a source_image.")
        }
        guard input.sourceImage != nil else { return }
        let painting = input.sourceProcessing == "inpainting" || input.sourceProcessing == "outpainting"
        if painting, input.params.controlType != nil {
            throw HordeError(.controlNetInpaintingMismatch, "ControlNet does not work with inpainting.")
        }
        if input.sourceProcessing == "remix" {
            // Only a model the reference knows can be judged; unknown names are left to the workers.
            let baselines = CommonRequestChecks.distinct(input.models).compactMap(reference.baseline(ofImage:))
            if baselines.contains(where: { !$0.hasPrefix("stable_cascade") }) {
                throw HordeError(.invalidRemix, "Image Remix is only available for Stable Cascade models.")
            }
        }
    }
}
