import Glibc
import Synchronization

/// The IMF-fixdate for the `Date` header (`Sun, 06 Nov 1994 08:49:37 GMT`), formatted at most once per second.
final class DateCache: Sendable {
    /// The process-wide cache.
    static let shared = DateCache()

    private struct Entry {
        var second = -1
        var bytes: [UInt8] = []
    }

    private let entry = Mutex(Entry())

    /// Seconds since the epoch, for callers that cache the formatted date themselves.
    static func currentSecond() -> Int { time(nil) }

    /// The current date's bytes (no header name, no CRLF).
    func current() -> [UInt8] {
        let now = time(nil)
        return entry.withLock { entry in
            if entry.second != now {
                entry.second = now
                entry.bytes = DateCache.format(now)
            }
            return entry.bytes
        }
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats `seconds` since the epoch as an IMF-fixdate. The corresponding C function is `gmtime_r`.
    static func format(_ seconds: Int) -> [UInt8] {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        let text =
            "\(days[Int(parts.tm_wday) % 7]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon) % 12]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        return Array(text.utf8)
    }
}
