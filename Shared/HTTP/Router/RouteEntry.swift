/// One registered route: its method and its pattern as registered (`/api/v2/generate/status/:id`).
package struct RouteEntry: Sendable, Hashable {
    /// The route's method.
    package let method: HTTPMethod
    /// The pattern as registered.
    package let pattern: String

    /// An entry.
    package init(method: HTTPMethod, pattern: String) {
        self.method = method
        self.pattern = pattern
    }

    /// The pattern's `:name` segments, in order.
    package var parameterNames: [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }
}
