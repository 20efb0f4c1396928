/// Which parameterised statements a session runs by name instead of sending their text each time.
///
/// Parsing, analysing and planning are most of the server's work for the short statements the services run
/// (measured: 44 % of a backend's CPU under the cycle benchmark). A statement seen a second time on a session is
/// prepared there and run by name from then on, so the server parses it once and can keep a generic plan. Text seen
/// once (a tool's query, a migration check) costs no extra round trip. The set is bounded: past `capacity` names
/// the session drops them all and starts again, so statements built with inline text cannot pile up on the server.
/// A capacity of 0 prepares nothing.
package struct PQStatementCache {
    /// A statement's identity: the same text with other parameter types is another statement.
    package struct Key: Hashable {
        package var sql: String
        package var types: [UInt32]

        package init(sql: String, types: [UInt32]) {
            self.sql = sql
            self.types = types
        }
    }

    /// What to do with a statement.
    package enum Plan: Equatable {
        /// Send the text (first sighting).
        case unprepared
        /// Prepare it under this name, then run it.
        case prepare(String)
        /// Run the statement already prepared under this name.
        case run(String)
    }

    /// Most statements kept prepared on one session.
    package let capacity: Int
    /// Most statements remembered as seen once.
    package let sightingCapacity: Int
    private var names: [Key: String] = [:]
    private var seenOnce: Set<Key> = []
    private var counter = 0

    package init(capacity: Int = 256, sightingCapacity: Int = 2048) {
        self.capacity = capacity
        self.sightingCapacity = sightingCapacity
    }

    /// Prepared names in use.
    package var count: Int { names.count }

    /// True when preparing one more statement needs the session's statements dropped first (`DEALLOCATE ALL`).
    package var isFull: Bool { names.count >= capacity }

    /// How to run `key` now. A `.prepare` answer must be followed by `prepared(_:as:)` once the server accepted it.
    package mutating func plan(for key: Key) -> Plan {
        guard capacity > 0 else { return .unprepared }
        if let name = names[key] { return .run(name) }
        guard seenOnce.remove(key) != nil else {
            if seenOnce.count >= sightingCapacity { seenOnce.removeAll(keepingCapacity: true) }
            seenOnce.insert(key)
            return .unprepared
        }
        counter += 1
        return .prepare("horde_auto_\(counter)")
    }

    /// Records that the server prepared `key` under `name`.
    package mutating func prepared(_ key: Key, as name: String) { names[key] = name }

    /// Forgets one statement the server no longer has (or whose plan can no longer be used).
    package mutating func forget(_ key: Key) { names[key] = nil }

    /// Forgets every statement, after `DEALLOCATE ALL`.
    package mutating func forgetAll() { names.removeAll(keepingCapacity: true) }
}
