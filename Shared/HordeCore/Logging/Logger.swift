import Foundation
import Synchronization

/// Severity of a log line, ordered from chattiest to most severe.
package enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The lower-case name written in the `level` field.
    package var name: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    /// Parses `trace`…`critical` (case-insensitive); `nil` for anything else.
    package init?(name: String) {
        guard let level = LogLevel.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = level
    }
}

/// Where log lines go. The default writes JSON lines to standard error; tests can capture them.
package protocol LogSink: Sendable {
    func write(_ line: String)
}

/// Writes whole lines to standard error with one `write(2)` each, so concurrent lines never interleave.
package struct StandardErrorSink: LogSink {
    package init() {}
    package func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Keeps lines in memory; for tests that assert on what was logged.
package final class MemorySink: LogSink {
    private let lines = Mutex<[String]>([])
    package init() {}
    package func write(_ line: String) { lines.withLock { $0.append(line) } }
    /// Every line written so far.
    package var all: [String] { lines.withLock { $0 } }
}

/// A structured logger shaped like swift-log's: a value type whose metadata travels with it, whose message is
/// an autoclosure (a filtered-out level costs nothing) and whose output is one JSON object per line.
package struct Logger: Sendable {
    /// The component that logs (`gateway`, `kafka.consumer`, …).
    package let label: String
    /// Lines below this level are dropped.
    package var level: LogLevel
    /// Dotted keys (`horde.request.id`, `kafka.topic`) attached to every line this logger writes.
    package var metadata: [String: String]
    private let sink: any LogSink

    /// Default: level from `HORDE_LOG_LEVEL` (`info` when unset), JSON lines on standard error.
    package init(label: String, level: LogLevel? = nil, sink: any LogSink = StandardErrorSink()) {
        self.label = label
        self.level = level ?? Logger.environmentLevel
        self.metadata = [:]
        self.sink = sink
    }

    private static let environmentLevel: LogLevel =
        ProcessInfo.processInfo.environment["HORDE_LOG_LEVEL"].flatMap(LogLevel.init(name:)) ?? .info

    /// A copy with one more metadata entry.
    package func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.metadata[key] = value
        return copy
    }

    /// A copy with another label (same sink, level and metadata).
    package func child(_ label: String) -> Logger {
        Logger(label: label, level: level, sink: sink, metadata: metadata)
    }

    private init(label: String, level: LogLevel, sink: any LogSink, metadata: [String: String]) {
        self.label = label
        self.level = level
        self.sink = sink
        self.metadata = metadata
    }

    package func log(
        _ level: LogLevel, _ message: @autoclosure () -> String, _ extra: @autoclosure () -> [String: String] = [:]
    ) {
        guard level >= self.level else { return }
        var fields: [(String, String)] = [
            ("ts", LogTimestamp.now()), ("level", level.name), ("label", label), ("msg", message()),
        ]
        let merged = metadata.merging(extra(), uniquingKeysWith: { _, new in new })
        for key in merged.keys.sorted() { fields.append((key, merged[key]!)) }
        sink.write(JSONLine.object(fields))
    }

    package func trace(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [String: String] = [:]) {
        log(.trace, message(), extra())
    }
    package func debug(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [String: String] = [:]) {
        log(.debug, message(), extra())
    }
    package func info(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [String: String] = [:]) {
        log(.info, message(), extra())
    }
    package func notice(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [String: String] = [:]) {
        log(.notice, message(), extra())
    }
    package func warning(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [String: String] = [:]) {
        log(.warning, message(), extra())
    }
    package func error(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [String: String] = [:]) {
        log(.error, message(), extra())
    }
    package func critical(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> [String: String] = [:]) {
        log(.critical, message(), extra())
    }
}

/// RFC 3339 UTC timestamps with milliseconds, without Foundation's slow date formatters.
enum LogTimestamp {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = spec.tv_nsec / 1_000_000
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}

/// Minimal JSON writing for flat string objects (log lines), escaping per RFC 8259.
package enum JSONLine {
    package static func object(_ fields: [(String, String)]) -> String {
        var out = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out += "," }
            out += quote(key) + ":" + quote(value)
        }
        return out + "}"
    }

    package static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
