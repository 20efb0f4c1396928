/// `ModelInterrogationFormStable`: one form of an alchemy request.
package struct ModelInterrogationFormStable: Codable, Sendable, Equatable {
    /// The form: `caption`, `interrogation`, `nsfw`, … or a post-processor. Required.
    package var name: String
    /// Form options (`ModelInterrogationFormPayloadStable`), passed to the alchemist as sent.
    package var payload: JSONValue?

    /// A form.
    package init(name: String, payload: JSONValue? = nil) {
        self.name = name
        self.payload = payload
    }

    /// Every form name the API accepts (the swagger enum).
    package static let names: [String] = [
        "caption", "interrogation", "nsfw", "vectorize", "palette", "describe", "aesthetic", "GFPGAN",
        "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp",
        "CodeFormers", "strip_background", "4xNomos8kSC", "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR",
        "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2", "2xModernSpanimationV1", "GFPGANv1.3", "RestoreFormer",
    ]

    /// Forms that answer with text or numbers; every other accepted form is a post-processor (answers an image).
    package static let analysisForms: Set<String> = [
        "caption", "interrogation", "nsfw", "vectorize", "palette", "describe", "aesthetic",
    ]
}
