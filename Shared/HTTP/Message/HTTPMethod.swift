/// A request method. Any token is a valid method; the common ones are constants.
package struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The method name as sent (methods are case-sensitive).
    package let rawValue: String

    /// A method with this exact name.
    package init(rawValue: String) { self.rawValue = rawValue }

    /// `GET`.
    package static let GET = HTTPMethod(rawValue: "GET")
    /// `POST`.
    package static let POST = HTTPMethod(rawValue: "POST")
    /// `PUT`.
    package static let PUT = HTTPMethod(rawValue: "PUT")
    /// `PATCH`.
    package static let PATCH = HTTPMethod(rawValue: "PATCH")
    /// `DELETE`.
    package static let DELETE = HTTPMethod(rawValue: "DELETE")
    /// `HEAD`.
    package static let HEAD = HTTPMethod(rawValue: "HEAD")
    /// `OPTIONS`.
    package static let OPTIONS = HTTPMethod(rawValue: "OPTIONS")

    /// The method name.
    package var description: String { rawValue }

    /// Orders by name (for a stable `Allow` header).
    package static func < (lhs: HTTPMethod, rhs: HTTPMethod) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110 9.2.2).
    package var isIdempotent: Bool {
        switch rawValue {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": true
        default: false
        }
    }
}
