/// Interrogation form names as the API spells them, and which backend type can run which.
enum AlchemyForms {
    /// Forms whose result is text or data about the image.
    static let interrogations = ["caption", "interrogation", "nsfw"]
    /// Forms whose result is a new image (upscalers, face fixers, background removal).
    static let postProcessors = [
        "GFPGAN", "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp",
        "CodeFormers", "strip_background", "4xNomos8kSC", "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR",
        "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2", "2xModernSpanimationV1", "GFPGANv1.3", "RestoreFormer",
    ]

    /// True for forms whose result is an image.
    static func isPostProcessor(_ form: String) -> Bool { postProcessors.contains(form) }

    /// Every form `type` can run. The CPU backend's post-processing returns the source image unchanged, so it
    /// is offered only when the configuration names the forms (demos and tests).
    static func offered(by type: BackendType) -> [String] {
        switch type {
        case .cpu: interrogations + postProcessors
        case .automatic1111: ["caption", "interrogation"] + Automatic1111Alchemy.upscalers.keys.sorted()
        case .koboldai, .openai, .comfyui: []
        }
    }

    /// The forms offered when the configuration lists none.
    static func defaults(for type: BackendType) -> [String] {
        type == .cpu ? interrogations : offered(by: type)
    }
}
