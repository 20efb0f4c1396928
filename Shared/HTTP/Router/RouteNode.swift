/// One level of the routing trie: literal children by segment, at most one `:parameter` (or `*`) child, and a
/// `**` catch-all; plus the handlers of routes that end here, by method.
struct RouteNode: Sendable {
    /// A handler and the names of the parameters along its pattern, in order.
    struct Endpoint: Sendable {
        /// The route's handler.
        let handler: Router.Handler
        /// Names of the parameter segments, in order (`""` for `*`).
        let parameterNames: [String]
        /// The pattern as registered (for logs).
        let pattern: String
    }

    /// Children for literal segments.
    var literals: [String: RouteNode] = [:]
    /// Holds zero or one node (an array gives the recursive value type its indirection).
    var parameter: [RouteNode] = []
    /// Handlers of routes ending here.
    var endpoints: [HTTPMethod: Endpoint] = [:]
    /// Routes ending in `**`, which match any remainder (including none).
    var catchAll: [HTTPMethod: Endpoint] = [:]

    /// Adds `endpoint` under `segments[index...]`.
    mutating func insert(_ segments: [Substring], at index: Int, method: HTTPMethod, endpoint: Endpoint) {
        guard index < segments.count else {
            precondition(endpoints[method] == nil, "route \(method) \(endpoint.pattern) registered twice")
            endpoints[method] = endpoint
            return
        }
        let segment = segments[index]
        if segment == "**" {
            precondition(index == segments.count - 1, "** must be the last segment of \(endpoint.pattern)")
            precondition(catchAll[method] == nil, "route \(method) \(endpoint.pattern) registered twice")
            catchAll[method] = endpoint
        } else if segment.hasPrefix(":") || segment == "*" {
            if parameter.isEmpty { parameter.append(RouteNode()) }
            parameter[0].insert(segments, at: index + 1, method: method, endpoint: endpoint)
        } else {
            literals[String(segment), default: RouteNode()].insert(
                segments, at: index + 1, method: method, endpoint: endpoint)
        }
    }

    /// What matching a path produced.
    struct Match {
        /// Handlers by method of the route that matched the path.
        let endpoints: [HTTPMethod: Endpoint]
        /// Values of the parameter segments, in order.
        let values: [String]
        /// The remainder captured by `**`, if that is what matched.
        let rest: String?
    }

    /// Finds the routes for `segments[index...]`: literal segments win over parameters, parameters over
    /// `**`, with backtracking when a more specific branch leads nowhere.
    func match(_ segments: [String], at index: Int, values: inout [String]) -> Match? {
        if index == segments.count {
            if !endpoints.isEmpty { return Match(endpoints: endpoints, values: values, rest: nil) }
            if !catchAll.isEmpty { return Match(endpoints: catchAll, values: values, rest: "") }
            return nil
        }
        if let child = literals[segments[index]], let found = child.match(segments, at: index + 1, values: &values) {
            return found
        }
        if let child = parameter.first {
            values.append(segments[index])
            if let found = child.match(segments, at: index + 1, values: &values) { return found }
            values.removeLast()
        }
        if !catchAll.isEmpty {
            return Match(endpoints: catchAll, values: values, rest: segments[index...].joined(separator: "/"))
        }
        return nil
    }
}
