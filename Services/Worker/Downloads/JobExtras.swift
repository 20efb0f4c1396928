import Messages

/// Prepares an image job's LoRas and textual inversions before it reaches the backend: downloads their files
/// (when downloads are configured), injects LoRa trigger words and embedding references into the prompts
/// (HORDE_RULES section 6), and notes every LoRa or embedding that had to be skipped for `gen_metadata`.
struct JobExtras: Sendable {
    /// Fetches files; nil leaves names to the backend, which loads them from its own folders.
    let downloader: ModelDownloader?

    /// The parameters the backend gets, and the `gen_metadata` entries for skipped LoRas and embeddings.
    func prepare(_ parameters: ImageJobParameters) async -> (ImageJobParameters, [GenerationMetadata]) {
        var prepared = parameters
        var metadata: [GenerationMetadata] = []
        var triggers: [String] = []
        prepared.loras = []
        for var lora in parameters.loras {
            if let downloader {
                do {
                    let resolved = try await downloader.lora(lora)
                    lora.fileName = resolved.fileName
                    if let trigger = PromptInjection.trigger(lora.injectTrigger, words: resolved.trainedWords) {
                        triggers.append(trigger)
                    }
                } catch {
                    metadata.append(GenerationMetadata(type: "lora", value: "download_failed", ref: lora.name))
                    continue
                }
            }
            prepared.loras.append(lora)
        }
        var usable: [TextualInversionRequest] = []
        for ti in parameters.textualInversions {
            if let downloader {
                do {
                    try await downloader.embedding(ti)
                } catch {
                    metadata.append(GenerationMetadata(type: "ti", value: "download_failed", ref: ti.name))
                    continue
                }
            }
            usable.append(ti)
        }
        prepared.textualInversions = usable
        let injected = PromptInjection.injectEmbeddings(usable, prompt: prepared.prompt, negativePrompt: prepared.negativePrompt)
        prepared.prompt = injected.prompt
        prepared.negativePrompt = injected.negativePrompt
        if !triggers.isEmpty { prepared.prompt = triggers.joined(separator: ", ") + ", " + prepared.prompt }
        return (prepared, metadata)
    }
}
