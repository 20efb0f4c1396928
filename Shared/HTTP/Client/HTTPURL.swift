/// The parts of an `http://` or `https://` URL the client needs.
struct HTTPURL: Sendable, Equatable {
    /// Whether the scheme is `https`.
    var isTLS: Bool
    /// Host without brackets (`::1` for `[::1]`).
    var host: String
    /// The port (80 or 443 when not given).
    var port: Int
    /// Path and query, at least `/`; no fragment.
    var target: String

    /// `host:port` for the pool and `Host` header (brackets kept for IPv6, default ports omitted).
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = isTLS ? 443 : 80
        return port == defaultPort ? name : "\(name):\(port)"
    }

    /// The pool key.
    var poolKey: String { "\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Parses `scheme://host[:port][/path][?query][#fragment]`; `nil` for anything else (user info included).
    init?(_ text: String) {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            isTLS = false
            rest = text.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            isTLS = true
            rest = text.dropFirst(8)
        } else {
            return nil
        }
        let withoutFragment = rest.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let authorityEnd = withoutFragment.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? withoutFragment.endIndex
        let authority = withoutFragment[..<authorityEnd]
        var path = String(withoutFragment[authorityEnd...])
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard !authority.isEmpty, !authority.contains("@"),
            path.utf8.allSatisfy({ ASCII.isTarget($0) })
        else { return nil }

        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { return nil }
        if let portPart {
            guard let port = Int(portPart), (1...65535).contains(port) else { return nil }
            self.port = port
        } else {
            port = isTLS ? 443 : 80
        }
        host = String(hostPart)
        target = path
    }
}
