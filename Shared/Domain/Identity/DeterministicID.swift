import Foundation
import HordeCore

/// Ids derived from the business facts they stand for, so a replayed command produces the same job ids and a
/// re-emitted event the same envelope id, and every consumer's idempotency check recognises it.
package enum DeterministicID {
    /// A version-5-style UUID from SHA-256 of `horde:<purpose>:<parts joined by ":">`.
    ///
    /// `purpose` keeps ids of different kinds apart even when they are derived from the same source id (the
    /// `queued` and `finished` events of one request never share an id).
    package static func make(_ purpose: String, _ parts: String...) -> UUID {
        make(purpose, parts: parts)
    }

    /// The array form of `make(_:_:)`.
    package static func make(_ purpose: String, parts: [String]) -> UUID {
        let text = (["horde", purpose] + parts).joined(separator: ":")
        var bytes = Array(SHA256.hash(Array(text.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    /// Shorthand for ids derived from one UUID (lower-case text form, as Postgres prints it).
    package static func make(_ purpose: String, _ id: UUID) -> UUID {
        make(purpose, parts: [id.uuidString.lowercased()])
    }
}
