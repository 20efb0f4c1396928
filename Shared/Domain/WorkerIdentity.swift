import Foundation
import HordeCore

/// Worker ids derived from worker names, so an in-cluster worker and the gateway agree on a worker's id without
/// a round trip. Names are unique across all worker kinds, so the ids are too.
package enum WorkerIdentity {
    /// A version-5-style UUID from SHA-256 of `horde-worker:<name>`.
    package static func id(forName name: String) -> UUID {
        var bytes = Array(SHA256.hash(Array("horde-worker:\(name)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
