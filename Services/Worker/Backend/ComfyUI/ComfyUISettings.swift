/// What a ComfyUI backend runs: its workflows and the checkpoint file of each horde model.
struct ComfyUISettings: Sendable, Equatable {
    /// The text-to-image workflow (Default: `ComfyWorkflowTemplates.txt2img`).
    var txt2img: ComfyWorkflow = ComfyWorkflowTemplates.txt2img
    /// The image-to-image workflow (Default: `ComfyWorkflowTemplates.img2img`).
    var img2img: ComfyWorkflow = ComfyWorkflowTemplates.img2img
    /// Checkpoint file by horde model name; a model not listed loads `<model>.safetensors`.
    var checkpoints: [String: String] = [:]
    /// Pause between looks at `/history` while a prompt runs (Default: 250 ms).
    var pollInterval: Duration = .milliseconds(250)

    /// The checkpoint file for `model`.
    func checkpoint(for model: String) -> String { checkpoints[model] ?? "\(model).safetensors" }
}
