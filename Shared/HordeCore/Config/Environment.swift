import Foundation

/// Reads `HORDE_*` settings from the process environment. Every accessor takes the default that works on one
/// machine; a set but unparsable value is a start-up error, never silently replaced by the default.
package struct Environment: Sendable {
    private let values: [String: String]

    /// The process environment.
    package init() { self.values = ProcessInfo.processInfo.environment }

    /// A fixed set of values (tests).
    package init(_ values: [String: String]) { self.values = values }

    /// The raw value, if set and non-empty.
    package subscript(key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    package func string(_ key: String, default value: String) -> String { self[key] ?? value }

    package func int(_ key: String, default value: Int) throws(ConfigError) -> Int {
        guard let raw = self[key] else { return value }
        guard let parsed = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigError(key: key, value: raw, expected: "an integer")
        }
        return parsed
    }

    package func double(_ key: String, default value: Double) throws(ConfigError) -> Double {
        guard let raw = self[key] else { return value }
        guard let parsed = Double(raw.trimmingCharacters(in: .whitespaces)), parsed.isFinite else {
            throw ConfigError(key: key, value: raw, expected: "a number")
        }
        return parsed
    }

    /// `1/true/yes/on` and `0/false/no/off`, case-insensitive.
    package func bool(_ key: String, default value: Bool) throws(ConfigError) -> Bool {
        guard let raw = self[key] else { return value }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(key: key, value: raw, expected: "a boolean (true/false)")
        }
    }

    /// Durations written as `250ms`, `10s`, `5m`, `2h`, or a bare number of seconds.
    package func duration(_ key: String, default value: Duration) throws(ConfigError) -> Duration {
        guard let raw = self[key] else { return value }
        guard let parsed = Environment.parseDuration(raw) else {
            throw ConfigError(key: key, value: raw, expected: "a duration such as 250ms, 10s, 5m")
        }
        return parsed
    }

    /// A comma-separated list, trimmed, empty items dropped.
    package func list(_ key: String, default value: [String]) -> [String] {
        guard let raw = self[key] else { return value }
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    package static func parseDuration(_ raw: String) -> Duration? {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0, number.isFinite else { return nil }
            return .milliseconds(Int64((number * scale * 1000).rounded()))
        }
        guard let seconds = Double(text), seconds >= 0, seconds.isFinite else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

/// A setting that is set but cannot be used; the message names the variable and what it should hold.
package struct ConfigError: Error, CustomStringConvertible {
    package let key: String
    package let value: String
    package let expected: String

    package init(key: String, value: String, expected: String) {
        self.key = key
        self.value = value
        self.expected = expected
    }

    package var description: String { "\(key)=\(value) is not valid: expected \(expected)" }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Seconds as a floating-point number.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
