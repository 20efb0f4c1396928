import Domain
import Foundation

/// Where a webhook may be sent: http(s) URLs whose host resolves only to public addresses. Loopback, private,
/// link-local (cloud metadata) and special-purpose addresses are refused unless the operator allows local
/// receivers (`HORDE_NOTIFIER_ALLOW_LOOPBACK=true`, for one-machine stacks and tests); multicast and reserved
/// blocks are refused always.
///
/// Hosts are judged by every address they resolve to, so names pointing inside (`localhost`, `127.0.0.1.nip.io`)
/// and numeric spellings like `2130706433` or `0x7f.1` are caught as well as literal addresses.
struct WebhookURLPolicy: Sendable {
    /// Lets webhooks reach this host and private networks (Default: false).
    var allowLocalNetworks: Bool

    /// The longest URL accepted (the API allows 1024 characters).
    static let maxLength = 2048

    /// A URL that passed the syntax checks, split into what the sender needs.
    struct Target: Sendable, Equatable {
        /// The URL as given.
        var url: String
        /// `http` or `https`.
        var scheme: String
        /// Lower-cased host, brackets of IPv6 literals removed.
        var host: String
        /// The port, defaulted by scheme.
        var port: Int
    }

    /// Why a webhook URL is refused. Refusals are final: the delivery is recorded as refused, never attempted.
    enum Refusal: Error, Equatable, CustomStringConvertible {
        /// Not parseable, no host, bad port or too long.
        case malformed
        /// Anything but http and https.
        case unsupportedScheme(String)
        /// `user:password@` in the URL.
        case credentialsInURL
        /// The host resolves to an address of a refused scope.
        case forbiddenAddress(host: String, address: String, scope: IPAddress.Scope)

        /// Why the URL was refused, for logs and the delivery record.
        var description: String {
            switch self {
            case .malformed: "not a valid URL"
            case .unsupportedScheme(let scheme): "scheme '\(scheme)' is not http or https"
            case .credentialsInURL: "URLs with user credentials are not accepted"
            case .forbiddenAddress(let host, let address, let scope):
                "\(host) resolves to \(address), a \(scope.rawValue) address"
            }
        }
    }

    /// Checks the URL's syntax: scheme, host, port, no credentials.
    func target(for url: String) throws(Refusal) -> Target {
        guard url.utf8.count <= Self.maxLength, let components = URLComponents(string: url),
            let rawScheme = components.scheme
        else { throw .malformed }
        let scheme = rawScheme.lowercased()
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
        guard components.user == nil, components.password == nil else { throw .credentialsInURL }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw .malformed }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { throw .malformed }
        return Target(url: url, scheme: scheme, host: host.lowercased(), port: port)
    }

    /// Checks every address the host resolved to.
    func check(host: String, addresses: [String]) throws(Refusal) {
        for text in addresses {
            guard let address = IPAddress(text) else { throw .forbiddenAddress(host: host, address: text, scope: .reserved) }
            if !allows(address.scope) { throw .forbiddenAddress(host: host, address: text, scope: address.scope) }
        }
    }

    /// Whether an address of `scope` may receive webhooks.
    func allows(_ scope: IPAddress.Scope) -> Bool {
        switch scope {
        case .global: true
        case .loopback, .privateNetwork, .linkLocal: allowLocalNetworks
        case .multicast, .reserved: false
        }
    }
}
