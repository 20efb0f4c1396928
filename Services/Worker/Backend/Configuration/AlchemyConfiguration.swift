import Messages

/// The configuration file's `alchemy` section: which backend runs interrogation forms and which forms the worker
/// offers.
///
/// ```json
/// "alchemy": {"backend": "forge", "forms": ["caption", "RealESRGAN_x4plus"], "max_tiles": 16}
/// ```
struct AlchemyConfiguration: Sendable, Equatable {
    /// The backend's name (`cpu` or an `automatic1111` backend).
    var backend: String
    /// Forms offered; empty offers every form the backend can run.
    var forms: [String] = []
    /// The most 512 × 512 tiles of a source image taken (Default: 16, the API's).
    var maxTiles: Int = 16

    private static let keys: Set<String> = ["backend", "forms", "max_tiles"]

    /// Reads and checks the section.
    static func parse(
        _ value: JSONValue, backends: [String: BackendDefinition], fail: (String, String) -> BackendConfigurationError
    ) throws(BackendConfigurationError) -> AlchemyConfiguration {
        guard let entry = value.objectValue else { throw fail("alchemy", "expected an object with backend and forms") }
        for key in entry.keys where !keys.contains(key) {
            throw fail("alchemy.\(key)", "unknown key (expected \(keys.sorted().joined(separator: ", ")))")
        }
        let backendName = entry["backend"]?.stringValue ?? "cpu"
        guard let definition = backends[backendName] else {
            throw fail("alchemy.backend", "backend \"\(backendName)\" is not defined")
        }
        guard definition.type == .cpu || definition.type == .automatic1111 else {
            throw fail("alchemy.backend", "a \(definition.type.rawValue) backend runs no alchemy (use cpu or automatic1111)")
        }
        var configuration = AlchemyConfiguration(backend: backendName)
        if let forms = entry["forms"] {
            guard let list = forms.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw fail("alchemy.forms", "expected a list of form names")
            }
            configuration.forms = list.compactMap(\.stringValue)
            let offered = AlchemyForms.offered(by: definition.type)
            for form in configuration.forms where !offered.contains(form) {
                throw fail(
                    "alchemy.forms", "\(definition.type.rawValue) cannot run \"\(form)\" (it offers \(offered.joined(separator: ", ")))")
            }
        }
        if let tiles = entry["max_tiles"] {
            guard let number = tiles.intValue, (1...256).contains(number) else {
                throw fail("alchemy.max_tiles", "expected an integer from 1 to 256")
            }
            configuration.maxTiles = number
        }
        return configuration
    }
}
