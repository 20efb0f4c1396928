import Foundation
import HordeCore

/// A response a handler returns. The server adds `Content-Length` (or keeps a handler's chunked framing),
/// `Date` and `Connection`.
package struct HTTPResponse: Sendable {
    /// The status code (100...599).
    package var status: Int
    /// Header fields the handler sets (framing headers are the server's).
    package var headers: HTTPHeaders
    /// The body bytes.
    package var body: [UInt8]

    /// A response from its parts.
    package init(status: Int = 200, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `value` encoded as JSON with `Content-Type: application/json`. An encoding failure is a bug in the
    /// caller's types and becomes a detail-free 500, never a crash.
    package static func json(_ status: Int = 200, _ value: some Encodable, encoder: JSONEncoder = JSONEncoder())
        -> HTTPResponse
    {
        do {
            return json(status, raw: Array(try encoder.encode(value)))
        } catch {
            return .error(500, message: "Internal Server Error", rc: "InternalServerError")
        }
    }

    /// Already encoded JSON with `Content-Type: application/json`.
    package static func json(_ status: Int, raw: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: raw)
    }

    /// Text with the given content type.
    package static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8")
        -> HTTPResponse
    {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    /// The AI Horde error shape: `{"message": …, "rc": …}`.
    package static func error(_ status: Int, message: String, rc: String) -> HTTPResponse {
        json(status, raw: errorBody(message: message, rc: rc))
    }

    /// The bytes of `{"message": …, "rc": …}`, escaped per RFC 8259.
    package static func errorBody(message: String, rc: String) -> [UInt8] {
        Array("{\"message\":\(JSONLine.quote(message)),\"rc\":\(JSONLine.quote(rc))}".utf8)
    }
}
