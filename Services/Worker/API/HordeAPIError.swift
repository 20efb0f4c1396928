import Foundation

/// A call to the gateway that did not succeed: an error response (`{"message", "rc"}`), a response that could
/// not be understood, or no response at all.
struct HordeAPIError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    enum Kind: Sendable, Equatable {
        /// The gateway answered with this status (and maybe an rc).
        case status(Int)
        /// The body of a 2xx answer was not what the API specifies.
        case malformedResponse
        /// Connecting, sending or waiting failed (refused, reset, timed out).
        case transport
    }

    /// What went wrong.
    var kind: Kind
    /// The API's return code, when the gateway sent one.
    var rc: String?
    /// The gateway's message, or what failed.
    var message: String

    /// Worth trying again: transport failures, timeouts, rate limits and server-side errors. A 4xx like
    /// InvalidJobID or DuplicateGen will answer the same every time.
    var isRetriable: Bool {
        switch kind {
        case .transport: true
        case .malformedResponse: false
        case .status(let status): status >= 500 || status == 408 || status == 429
        }
    }

    /// The status, rc and message, for logs.
    var description: String {
        switch kind {
        case .status(let status): "HTTP \(status)\(rc.map { " \($0)" } ?? ""): \(message)"
        case .malformedResponse: "malformed response: \(message)"
        case .transport: "transport error: \(message)"
        }
    }

    /// The error an error response describes.
    static func from(status: Int, body: [UInt8]) -> HordeAPIError {
        struct ErrorBody: Decodable {
            var message: String?
            var rc: String?
        }
        let decoded = try? JSONDecoder().decode(ErrorBody.self, from: Data(body))
        return HordeAPIError(
            kind: .status(status), rc: decoded?.rc,
            message: decoded?.message ?? String(decoding: body.prefix(200), as: UTF8.self))
    }
}
