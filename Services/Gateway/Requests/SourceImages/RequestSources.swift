import Messages

/// The accepted source images of one image request, as workers receive them: base64 without any `data:`
/// prefix. Kept in `gateway.request_sources` (never in the Kafka command, which carries ids, not megabytes) and
/// added to the pop answer of each of the request's jobs.
struct RequestSources: Sendable, Equatable {
    /// `source_image`.
    var image: String
    /// `source_processing`: img2img, inpainting, outpainting or remix.
    var processing: String
    /// `source_mask`, when sent.
    var mask: String?
    /// `extra_source_images`, in request order.
    var extras: [ExtraSourceImage] = []

    /// Sets the pop answer's source fields.
    func fill(_ answer: inout GenerationPayloadStable) {
        answer.sourceImage = image
        answer.sourceProcessing = processing
        answer.sourceMask = mask
        answer.extraSourceImages = extras.isEmpty ? nil : extras
    }
}
