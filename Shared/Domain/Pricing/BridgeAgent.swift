/// A worker's `bridge_agent` (`name:version:url`), parsed leniently as the reference does.
package struct BridgeAgent: Sendable, Equatable {
    package var name: String
    /// The major version, or 0 when it doesn't parse.
    package var majorVersion: Int
    package var url: String

    package init(_ raw: String) {
        let parts = raw.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        name = parts.first ?? "unknown"
        let version = parts.count > 1 ? parts[1] : "0"
        majorVersion = Int(version.split(separator: ".").first.map(String.init) ?? "0") ?? 0
        url = parts.count > 2 ? parts[2] : ""
    }

    /// The reward factor: 1.0 for the latest official bridge, 0.9 for older official ones, 0.75 for any other.
    package var rewardFactor: Double {
        switch name {
        case "AI Horde Worker reGen": majorVersion >= 13 ? 1.0 : 0.9
        case "AI Horde Worker": majorVersion >= 24 ? 1.0 : 0.9
        case "horde-worker": 1.0
        default: 0.75
        }
    }

    /// Text bridges whose backends are validated (full reward, `validated_backends` requests).
    package var isValidatedTextBackend: Bool {
        ["AI Horde Worker", "KoboldCppEmbedWorker", "TabbyAPI", "horde-worker"].contains(name)
            || name.hasPrefix("AI Horde Worker")
    }
}
