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

    /// Request timeout when a backend sets none.
    static let defaultTimeout: Duration = .seconds(300)
    private static let backendKeys: Set<String> = ["type", "url", "timeout", "api_key", "model"]

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
        for key in root.keys where key != "backends" && key != "models" {
            throw fail(key, "unknown key (expected backends and models)")
        }
        var backends: [String: BackendDefinition] = ["cpu": BackendDefinition(type: .cpu, endpoint: nil)]
        if let declared = root["backends"] {
            guard let entries = declared.objectValue else { throw fail("backends", "expected an object of named backends") }
            for (name, value) in entries {
                backends[name] = try definition(name: name, value, fail: fail)
            }
        }
        guard let models = root["models"]?.objectValue, !models.isEmpty else {
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
        return BackendConfiguration(backends: backends, routes: routes, imageModels: image.sorted(), textModels: text.sorted())
    }

    private static func definition(
        name: String, _ value: JSONValue, fail: (String, String) -> BackendConfigurationError
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
        return BackendDefinition(type: type, endpoint: endpoint)
    }
}
