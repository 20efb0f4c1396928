import Messages

/// The built-in ComfyUI workflows: the stock text-to-image graph (checkpoint, two prompts, empty latent of the
/// batch size, KSampler, VAE decode, save) and its image-to-image variant (the uploaded source image encoded as
/// the latent, sampled with the job's denoising strength).
enum ComfyWorkflowTemplates {
    /// Text to image.
    static let txt2img: ComfyWorkflow = ComfyWorkflow(nodes: nodes(latent: [
        "5": ["class_type": "EmptyLatentImage",
              "inputs": ["width": "{{width}}", "height": "{{height}}", "batch_size": "{{batch}}"]]
    ], latentSource: "5"))

    /// Image to image.
    static let img2img: ComfyWorkflow = ComfyWorkflow(nodes: nodes(latent: [
        "10": ["class_type": "LoadImage", "inputs": ["image": "{{source_image}}"]],
        "11": ["class_type": "VAEEncode", "inputs": ["pixels": ["10", 0], "vae": ["4", 2]]],
        "12": ["class_type": "RepeatLatentBatch", "inputs": ["samples": ["11", 0], "amount": "{{batch}}"]],
    ], latentSource: "12"))

    private static func nodes(latent: [String: JSONValue], latentSource: String) -> [String: JSONValue] {
        var nodes: [String: JSONValue] = [
            "4": ["class_type": "CheckpointLoaderSimple", "inputs": ["ckpt_name": "{{model}}"]],
            "6": ["class_type": "CLIPTextEncode", "inputs": ["text": "{{prompt}}", "clip": ["4", 1]]],
            "7": ["class_type": "CLIPTextEncode", "inputs": ["text": "{{negative_prompt}}", "clip": ["4", 1]]],
            "3": ["class_type": "KSampler",
                  "inputs": ["seed": "{{seed}}", "steps": "{{steps}}", "cfg": "{{cfg}}", "sampler_name": "{{sampler}}",
                             "scheduler": "{{scheduler}}", "denoise": "{{denoise}}", "model": ["4", 0],
                             "positive": ["6", 0], "negative": ["7", 0], "latent_image": .array([.string(latentSource), 0])]],
            "8": ["class_type": "VAEDecode", "inputs": ["samples": ["3", 0], "vae": ["4", 2]]],
            "9": ["class_type": "SaveImage", "inputs": ["filename_prefix": "horde", "images": ["8", 0]]],
        ]
        nodes.merge(latent) { _, new in new }
        return nodes
    }
}
