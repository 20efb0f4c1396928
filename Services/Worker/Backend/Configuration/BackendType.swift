import Messages

/// The kinds of model server the worker can drive, as named in the configuration file's `type`.
enum BackendType: String, Sendable, Equatable, CaseIterable {
    /// The built-in CPU renderer (no server).
    case cpu
    /// KoboldAI API (KoboldCpp): text.
    case koboldai
    /// OpenAI-compatible completions (llama.cpp server, vLLM): text.
    case openai
    /// AUTOMATIC1111 or Forge web UI API: images.
    case automatic1111
    /// ComfyUI's workflow API: images.
    case comfyui

    /// Other spellings operators use for the same API.
    static let aliases: [String: BackendType] = ["kobold": .koboldai, "koboldcpp": .koboldai, "forge": .automatic1111,
        "a1111": .automatic1111, "comfy": .comfyui, "openai-completions": .openai, "llamacpp": .openai, "vllm": .openai]

    /// The type named `text` (case-insensitive, aliases allowed).
    init?(named text: String) {
        let lowered = text.lowercased()
        guard let type = BackendType(rawValue: lowered) ?? Self.aliases[lowered] else { return nil }
        self = type
    }

    /// The job kind the server makes; nil when it makes both (the CPU backend).
    var kind: RequestKind? {
        switch self {
        case .cpu: nil
        case .koboldai, .openai: .text
        case .automatic1111, .comfyui: .image
        }
    }
}
