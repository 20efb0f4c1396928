import Foundation

extension UUID {
    /// The lower-case form the API writes (the reference's `str(uuid)`).
    var apiString: String { uuidString.lowercased() }
}
