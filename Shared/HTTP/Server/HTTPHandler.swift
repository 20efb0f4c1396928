/// Turns a request into a response. Handlers never throw: a `Router` maps errors to responses.
package typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse
