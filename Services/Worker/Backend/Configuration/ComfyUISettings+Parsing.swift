import Foundation
import HordeCore
import Messages

extension ComfyUISettings {
    /// The ComfyUI keys of a backend entry: `workflow` and `img2img_workflow` (an API-format workflow inline, or
    /// the path of a file holding one, relative to the configuration file), `checkpoints` (horde model name →
    /// checkpoint file) and `poll_interval` (seconds or a duration).
    static func parse(
        _ entry: [String: JSONValue], location: String, file: String, fail: (String, String) -> BackendConfigurationError
    ) throws(BackendConfigurationError) -> ComfyUISettings {
        var settings = ComfyUISettings()
        if let value = entry["workflow"] {
            settings.txt2img = try workflow(value, location: "\(location).workflow", file: file, fail: fail)
        }
        if let value = entry["img2img_workflow"] {
            settings.img2img = try workflow(value, location: "\(location).img2img_workflow", file: file, fail: fail)
        }
        if let value = entry["checkpoints"] {
            guard let object = value.objectValue else {
                throw fail("\(location).checkpoints", "expected an object of model name → checkpoint file")
            }
            for (model, checkpoint) in object {
                guard let name = checkpoint.stringValue, !name.isEmpty else {
                    throw fail("\(location).checkpoints.\(model)", "expected a checkpoint file name")
                }
                settings.checkpoints[model] = name
            }
        }
        if let raw = entry["poll_interval"] {
            if let seconds = raw.doubleValue, seconds > 0, seconds.isFinite {
                settings.pollInterval = .milliseconds(Int64(seconds * 1000))
            } else if let text = raw.stringValue, let parsed = Environment.parseDuration(text), parsed > .zero {
                settings.pollInterval = parsed
            } else {
                throw fail("\(location).poll_interval", "expected a positive number of seconds or a duration such as \"500ms\"")
            }
        }
        return settings
    }

    private static func workflow(
        _ value: JSONValue, location: String, file: String, fail: (String, String) -> BackendConfigurationError
    ) throws(BackendConfigurationError) -> ComfyWorkflow {
        var document = value
        if let path = value.stringValue {
            let resolved =
                path.hasPrefix("/") ? path : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
            guard let data = FileManager.default.contents(atPath: resolved),
                let parsed = try? JSONDecoder().decode(JSONValue.self, from: data)
            else {
                throw fail(location, "\(resolved) cannot be read as JSON")
            }
            document = parsed
        }
        guard let workflow = ComfyWorkflow(document) else {
            throw fail(location, "expected a workflow in ComfyUI's API format (node id → {class_type, inputs})")
        }
        let text = String(decoding: (try? JSONEncoder().encode(document)) ?? Data(), as: UTF8.self)
        guard text.contains("{{prompt}}") else { throw fail(location, "the workflow has no {{prompt}} placeholder") }
        return workflow
    }
}
