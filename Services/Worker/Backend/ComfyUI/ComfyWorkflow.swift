import Foundation
import Messages

/// A ComfyUI workflow in its API format (`{"<node id>": {"class_type", "inputs"}}`) with `{{…}}` placeholders
/// filled from a job: `{{prompt}}`, `{{negative_prompt}}`, `{{seed}}`, `{{steps}}`, `{{cfg}}`, `{{sampler}}`,
/// `{{scheduler}}`, `{{width}}`, `{{height}}`, `{{batch}}`, `{{model}}`, `{{denoise}}` and `{{source_image}}`.
/// A string that is exactly a numeric placeholder becomes a JSON number; placeholders inside longer strings are
/// replaced as text.
struct ComfyWorkflow: Sendable, Equatable {
    /// The template's nodes.
    var nodes: [String: JSONValue]

    /// Placeholders whose whole-string use becomes a number.
    static let numericPlaceholders: Set<String> = ["seed", "steps", "cfg", "width", "height", "batch", "denoise"]

    /// A workflow of `nodes` as they are (the built-in templates).
    init(nodes: [String: JSONValue]) { self.nodes = nodes }

    /// A workflow from an API-format document; nil unless it is an object of nodes with `class_type`.
    init?(_ document: JSONValue) {
        guard let nodes = document.objectValue, !nodes.isEmpty,
            nodes.values.allSatisfy({ $0["class_type"]?.stringValue != nil && $0["inputs"]?.objectValue != nil })
        else { return nil }
        self.nodes = nodes
    }

    /// The values the placeholders take for `parameters` on checkpoint `checkpoint`; `sourceImage` is the name
    /// ComfyUI gave the uploaded source image.
    static func values(_ parameters: ImageJobParameters, checkpoint: String, sourceImage: String?) -> [String: JSONValue] {
        [
            "prompt": .string(parameters.prompt), "negative_prompt": .string(parameters.negativePrompt),
            "seed": .number(Double(parameters.seed)), "steps": .number(Double(parameters.steps)),
            "cfg": .number(parameters.cfgScale), "sampler": .string(SamplerNames.comfyUI(parameters.samplerName)),
            "scheduler": .string(parameters.karras ? "karras" : "normal"),
            "width": .number(Double(parameters.width)), "height": .number(Double(parameters.height)),
            "batch": .number(Double(parameters.count)), "model": .string(checkpoint),
            "denoise": .number(parameters.sourceImage == nil ? 1 : parameters.denoisingStrength),
            "source_image": .string(sourceImage ?? ""),
        ]
    }

    /// The workflow with every placeholder replaced from `values`.
    func filled(_ values: [String: JSONValue]) -> ComfyWorkflow {
        var copy = self
        copy.nodes = nodes.mapValues { Self.fill($0, values) }
        return copy
    }

    private static func fill(_ value: JSONValue, _ values: [String: JSONValue]) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.contains("{{") else { return value }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}") {
                let key = String(trimmed.dropFirst(2).dropLast(2))
                if let whole = values[key], !key.contains("{{") { return whole }
            }
            var result = text
            for (key, replacement) in values {
                let token = "{{\(key)}}"
                guard result.contains(token) else { continue }
                let textValue: String
                switch replacement {
                case .string(let string): textValue = string
                case .number(let number): textValue = number == number.rounded() ? String(Int64(number)) : String(number)
                default: textValue = ""
                }
                result = result.replacingOccurrences(of: token, with: textValue)
            }
            return .string(result)
        case .array(let items): return .array(items.map { fill($0, values) })
        case .object(let object): return .object(object.mapValues { fill($0, values) })
        default: return value
        }
    }

    /// Routes the MODEL and CLIP outputs of the checkpoint loader through one `LoraLoader` per LoRa, in order, so
    /// every node that used the checkpoint's model or text encoder now uses the LoRa-patched ones.
    func withLoras(_ loras: [LoraRequest]) -> ComfyWorkflow {
        guard !loras.isEmpty,
            let loader = nodes.keys.sorted().first(where: { nodes[$0]?["class_type"]?.stringValue == "CheckpointLoaderSimple" })
        else { return self }
        var copy = self
        var model: JSONValue = [.string(loader), 0]
        var clip: JSONValue = [.string(loader), 1]
        var added: [String] = []
        for (index, lora) in loras.enumerated() {
            let id = "horde_lora_\(index)"
            copy.nodes[id] = [
                "class_type": "LoraLoader",
                "inputs": [
                    "model": model, "clip": clip, "lora_name": .string(lora.comfyFileName),
                    "strength_model": .number(lora.modelStrength), "strength_clip": .number(lora.clipStrength),
                ],
            ]
            model = [.string(id), 0]
            clip = [.string(id), 1]
            added.append(id)
        }
        let originalModel: JSONValue = [.string(loader), 0]
        let originalClip: JSONValue = [.string(loader), 1]
        for (id, node) in copy.nodes where !added.contains(id) {
            guard var inputs = node["inputs"]?.objectValue else { continue }
            var changed = false
            for (name, input) in inputs {
                if input == originalModel {
                    inputs[name] = model
                    changed = true
                } else if input == originalClip {
                    inputs[name] = clip
                    changed = true
                }
            }
            if changed, var object = node.objectValue {
                object["inputs"] = .object(inputs)
                copy.nodes[id] = .object(object)
            }
        }
        return copy
    }

    /// The API-format document.
    var document: JSONValue { .object(nodes) }
}
