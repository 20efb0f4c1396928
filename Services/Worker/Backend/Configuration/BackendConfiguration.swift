import Foundation
import HordeCore
import Messages

/// The worker's configuration file (`HORDE_WORKER_CONFIG`): named model servers and which serves each model.
///
/// ```json
/// {"backends": {"kobold": {"type": "koboldai", "url": "http://127.0.0.1:5001", "timeout": 120}},
///  "models": {"koboldcpp/Llama-3-8B": "kobold", "stable_diffusion": "cpu"}}
/// ```
/// A backend named `cpu` exists without being declared. The models listed are the models the worker offers.
struct BackendConfiguration: Sendable, Equatable {
    /// Servers by name.
    var backends: [String: BackendDefinition]
    /// Backend name by model name.
    var routes: [String: String]
    /// Models served as images, sorted.
    var imageModels: [String]
    /// Models served as texts, sorted.
    var textModels: [String]
    /// `max_pixels`: the largest width × height declared and taken; overrides `HORDE_WORKER_MAX_PIXELS`.
    var maxPixels: Int? = nil
    /// `max_batch`: jobs of one request taken per pop (the batch); overrides `HORDE_WORKER_AMOUNT`.
    var maxBatch: Int? = nil
    /// `alchemy`: interrogation forms and the backend that runs them.
    var alchemy: AlchemyConfiguration? = nil
    /// `downloads`: where LoRa and textual inversion files come from and go.
    var downloads: ModelDownloadConfiguration? = nil

    /// Request timeout when a backend sets none.
    static let defaultTimeout: Duration = .seconds(300)
    private static let backendKeys: Set<String> = [
        "type", "url", "timeout", "api_key", "model", "workflow", "img2img_workflow", "checkpoints", "poll_interval",
    ]
    private static let rootKeys: Set<String> = ["backends", "models", "max_pixels", "max_batch", "alchemy", "downloads"]

    /// Reads and validates the file at `path`.
    static func load(path: String) throws(BackendConfigurationError) -> BackendConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BackendConfigurationError(file: path, location: "", problem: "cannot be read")
        }
        return try parse(Array(data), file: path)
    }

    /// Validates a configuration document; `file` names it in errors.
    static func parse(_ bytes: [UInt8], file: String) throws(BackendConfigurationError) -> BackendConfiguration {
        func fail(_ location: String, _ problem: String) -> BackendConfigurationError {
            BackendConfigurationError(file: file, location: location, problem: problem)
        }
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw fail("", "is not valid JSON")
        }
        guard let root = document.objectValue else { throw fail("", "expected a JSON object") }
        for key in root.keys where !rootKeys.contains(key) {
            throw fail(key, "unknown key (expected \(rootKeys.sorted().joined(separator: ", ")))")
        }
        var backends: [String: BackendDefinition] = ["cpu": BackendDefinition(type: .cpu, endpoint: nil)]
        if let declared = root["backends"] {
            guard let entries = declared.objectValue else { throw fail("backends", "expected an object of named backends") }
            for (name, value) in entries {
                backends[name] = try definition(name: name, value, file: file, fail: fail)
            }
        }
        let models = root["models"]?.objectValue ?? [:]
        if root["models"] != nil && root["models"]?.objectValue == nil || models.isEmpty && root["alchemy"] == nil {
            throw fail("models", "expected an object mapping at least one model name to a backend name")
        }
        var routes: [String: String] = [:]
        var image: [String] = []
        var text: [String] = []
        for (model, value) in models {
            let location = "models.\(model)"
            guard let backendName = value.stringValue else { throw fail(location, "expected a backend name") }
            guard let backend = backends[backendName] else {
                throw fail(location, "backend \"\(backendName)\" is not defined (defined: \(backends.keys.sorted().joined(separator: ", ")))")
            }
            let kind: RequestKind
            let name: String
            if let fixed = backend.type.kind {
                kind = fixed
                name = WorkerConfig.splitModels([model]).image.first ?? WorkerConfig.splitModels([model]).text.first ?? model
            } else {
                let split = WorkerConfig.splitModels([model])
                kind = split.image.isEmpty ? .text : .image
                name = split.image.first ?? split.text.first ?? model
            }
            guard !name.isEmpty else { throw fail(location, "empty model name") }
            guard routes[name] == nil else { throw fail(location, "model listed twice") }
            routes[name] = backendName
            if kind == .image { image.append(name) } else { text.append(name) }
        }
        var configuration = BackendConfiguration(
            backends: backends, routes: routes, imageModels: image.sorted(), textModels: text.sorted())
        configuration.maxPixels = try positiveInt(root["max_pixels"], "max_pixels", fail: fail)
        configuration.maxBatch = try positiveInt(root["max_batch"], "max_batch", fail: fail)
        if let value = root["alchemy"] {
            configuration.alchemy = try AlchemyConfiguration.parse(value, backends: backends, fail: fail)
        }
        if let value = root["downloads"] {
            configuration.downloads = try ModelDownloadConfiguration.parse(value, fail: fail)
        }
        return configuration
    }

    /// A positive integer setting, nil when absent.
    static func positiveInt(
        _ value: JSONValue?, _ location: String, fail: (String, String) -> BackendConfigurationError
    ) throws(BackendConfigurationError) -> Int? {
        guard let value else { return nil }
        guard let number = value.intValue, number > 0 else { throw fail(location, "expected a positive integer") }
        return number
    }

    private static func definition(
        name: String, _ value: JSONValue, file: String, fail: (String, String) -> BackendConfigurationError
    ) throws(BackendConfigurationError) -> BackendDefinition {
        let location = "backends.\(name)"
        guard let entry = value.objectValue else { throw fail(location, "expected an object with type and url") }
        for key in entry.keys where !backendKeys.contains(key) {
            throw fail("\(location).\(key)", "unknown key (expected \(backendKeys.sorted().joined(separator: ", ")))")
        }
        let types = BackendType.allCases.map(\.rawValue).joined(separator: ", ")
        guard let typeName = entry["type"]?.stringValue else { throw fail("\(location).type", "missing (one of \(types))") }
        guard let type = BackendType(named: typeName) else {
            throw fail("\(location).type", "\"\(typeName)\" is not a supported backend (one of \(types))")
        }
        if type == .cpu { return BackendDefinition(type: .cpu, endpoint: nil) }
        guard let url = entry["url"]?.stringValue, url.hasPrefix("http://") || url.hasPrefix("https://"),
            URL(string: url)?.host != nil
        else {
            throw fail("\(location).url", "expected the server's http:// or https:// base URL")
        }
        var timeout = defaultTimeout
        if let raw = entry["timeout"] {
            if let seconds = raw.doubleValue, seconds > 0, seconds.isFinite {
                timeout = .milliseconds(Int64(seconds * 1000))
            } else if let text = raw.stringValue, let parsed = Environment.parseDuration(text), parsed > .zero {
                timeout = parsed
            } else {
                throw fail("\(location).timeout", "expected a positive number of seconds or a duration such as \"90s\"")
            }
        }
        for key in ["api_key", "model"] where entry[key] != nil && entry[key]?.stringValue == nil {
            throw fail("\(location).\(key)", "expected a string")
        }
        let endpoint = BackendEndpoint(
            name: name, baseURL: url, timeout: timeout, apiKey: entry["api_key"]?.stringValue,
            servedModel: entry["model"]?.stringValue)
        var definition = BackendDefinition(type: type, endpoint: endpoint)
        if type == .comfyui {
            definition.comfy = try ComfyUISettings.parse(entry, location: location, file: file, fail: fail)
        } else {
            for key in ["workflow", "img2img_workflow", "checkpoints", "poll_interval"] where entry[key] != nil {
                throw fail("\(location).\(key)", "only a comfyui backend takes this key")
            }
        }
        return definition
    }
}
