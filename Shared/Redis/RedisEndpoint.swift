import Foundation

/// Where and as whom to connect, parsed from a `redis://` URL.
package struct RedisEndpoint: Sendable, Equatable {
    /// Host name or IP address (IPv6 without brackets).
    package var host: String
    /// TCP port. Default: 6379.
    package var port: Int
    /// Database selected after connecting. Default: 0.
    package var database: Int
    /// ACL user name for `AUTH user password`; `nil` uses `AUTH password`.
    package var username: String?
    /// Password for `AUTH`; `nil` skips authentication.
    package var password: String?

    /// Parses `redis://[[user]:password@]host[:port][/db]`; user and password may be percent-encoded.
    package init(url: String) throws(RedisError) {
        let scheme = "redis://"
        guard url.lowercased().hasPrefix(scheme) else {
            throw RedisError(.invalidConfiguration, "the URL must start with redis:// (TLS is not supported)")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }

        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }

        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let user = try Self.decode(userInfo[..<colon])
                username = user.isEmpty ? nil : user
                password = try Self.decode(userInfo[userInfo.index(after: colon)...])
            } else if !userInfo.isEmpty {
                // `redis://secret@host` is the common shorthand for a password without a user.
                password = try Self.decode(userInfo)
            }
        }

        var portText: Substring? = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw RedisError(.invalidConfiguration, "unterminated IPv6 address")
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw RedisError(.invalidConfiguration, "unexpected text after the IPv6 address")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        if host.isEmpty { host = "127.0.0.1" }

        port = 6379
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw RedisError(.invalidConfiguration, "the port must be 1…65535")
            }
            port = parsed
        }

        database = 0
        if !path.isEmpty {
            guard let parsed = Int(path), parsed >= 0 else {
                throw RedisError(.invalidConfiguration, "the path must be a database number")
            }
            database = parsed
        }
    }

    private static func decode(_ text: Substring) throws(RedisError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw RedisError(.invalidConfiguration, "bad percent-encoding in the user or password")
        }
        return decoded
    }
}
