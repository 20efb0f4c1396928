import Foundation
import HTTP
import Messages

/// An API error: rendered as `{"message": …, "rc": …}` with the rc's HTTP status.
package struct HordeError: Error, HTTPResponseError, CustomStringConvertible {
    package let rc: RC
    package let message: String
    /// Extra top-level fields (the schema validator's `errors` object).
    package let extra: [String: JSONValue]
    /// Extra response headers (Retry-After on rate limits).
    package let headers: [(String, String)]

    package init(_ rc: RC, _ message: String, extra: [String: JSONValue] = [:], headers: [(String, String)] = []) {
        self.rc = rc
        self.message = message
        self.extra = extra
        self.headers = headers
    }

    package var description: String { "\(rc.rawValue): \(message)" }

    package var response: HTTPResponse {
        var body: [String: JSONValue] = extra
        body["message"] = .string(message)
        body["rc"] = .string(rc.rawValue)
        var response = HTTPResponse.json(rc.httpStatus, JSONValue.object(body))
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    /// 400 for a body that is not valid JSON or does not match the schema.
    package static func validation(_ field: String, _ problem: String) -> HordeError {
        HordeError(
            .validationError, "Input payload validation failed",
            extra: ["errors": .object([field: .string(problem)])])
    }
}
