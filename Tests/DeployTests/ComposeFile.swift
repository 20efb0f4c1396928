import Messages
import Foundation

/// docker-compose.yml as Compose reads it: parsed by PyYAML from the local stack's venv (anchors and `<<`
/// merge keys resolved), then decoded from JSON.
struct ComposeFile: Sendable {
    /// The whole document.
    let document: JSONValue

    /// The Python that `deploy/local.sh deps` installs PyYAML into.
    static let python = Repository.path(".horde/venv/bin/python3")

    /// `docker-compose.yml` at the repository root, parsed once per test run.
    static func load() async throws -> ComposeFile { try await parsed.value }

    private static let parsed = Task { try await parse() }

    private static func parse() async throws -> ComposeFile {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw DeployTestError("\(python) is missing: run `deploy/local.sh deps` to create the venv with PyYAML")
        }
        let script = "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)"
        let result = try await ChildProcess.run(python, ["-c", script, Repository.path("docker-compose.yml")])
        guard result.status == 0 else {
            throw DeployTestError("PyYAML could not parse docker-compose.yml: \(result.errorOutput)")
        }
        return ComposeFile(document: try JSONDecoder().decode(JSONValue.self, from: Data(result.output.utf8)))
    }

    /// The service definitions by name.
    var services: [String: JSONValue] { document["services"]?.members ?? [:] }

    /// The environment Compose gives a service, from either the map or the `KEY=VALUE` list form.
    func environment(of service: String) -> [String: String] {
        guard let environment = services[service]?["environment"] else { return [:] }
        if case .array(let entries) = environment {
            var result: [String: String] = [:]
            for entry in entries {
                guard let line = entry.text else { continue }
                let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            return result
        }
        return environment.members.mapValues { $0.text ?? "" }
    }

    /// A command or entrypoint in either the exec (list) or the shell (string) form, as one string.
    func commandLine(of service: String, _ key: String = "command") -> String {
        guard let value = services[service]?[key] else { return "" }
        if case .array(let words) = value { return words.compactMap(\.text).joined(separator: " ") }
        return value.text ?? ""
    }
}
