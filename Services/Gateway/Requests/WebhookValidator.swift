import Domain
import Foundation

/// Request-time checks of a `webhook` URL (HORDE_RULES 5), shared by every request type that takes one:
/// 10–1024 characters, `https://` (or `http://` where the operator allows it), a host, no credentials, and no
/// host that names this machine or an inside network unless local receivers are allowed.
///
/// Only what the URL itself shows is judged here (literal addresses in any spelling and well-known inside
/// names), so validation never waits on DNS. The notifier checks every resolved address again before each
/// attempt, which also catches public names that point inside.
struct WebhookValidator: Sendable {
    /// Accept `http://` as well as `https://`.
    var allowHTTP: Bool
    /// Accept loopback, private and link-local hosts (one-machine stacks and tests).
    var allowLocalHosts: Bool

    /// The request field the problems are reported under.
    static let field = "webhook"

    /// Host names that always mean this machine or the cloud's inside network.
    private static let insideNames: Set<String> = ["localhost", "metadata", "metadata.google.internal"]
    /// Name suffixes reserved for this machine or local networks.
    private static let insideSuffixes = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa"]

    /// The validator for a deployment: with `http://` allowed (a local stack), local receivers are allowed
    /// too, since that is the only place such a stack's receivers can be.
    init(allowHTTP: Bool, allowLocalHosts: Bool? = nil) {
        self.allowHTTP = allowHTTP
        self.allowLocalHosts = allowLocalHosts ?? allowHTTP
    }

    /// Adds the URL's problem (if any) to `errors`, so it is reported with the other schema problems as one 400.
    func check(_ url: String?, errors: inout SchemaErrors) {
        guard let url, let problem = problem(with: url) else { return }
        errors.add(Self.field, problem)
    }

    /// Why `url` cannot be a webhook, or nil when it can.
    func problem(with url: String) -> String? {
        let length = url.count
        if length < 10 { return "'\(url.prefix(40))' is too short" }
        if length > 1024 { return "'\(url.prefix(40))…' is too long" }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || (allowHTTP && lowered.hasPrefix("http://")) else {
            return "The webhook URL must start with https://"
        }
        guard let components = URLComponents(string: url), var host = components.host?.lowercased(), !host.isEmpty
        else { return "The webhook URL is not a valid URL" }
        if components.user != nil || components.password != nil {
            return "The webhook URL may not contain credentials"
        }
        if let port = components.port, !(1...65535).contains(port) { return "The webhook URL has an invalid port" }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        while host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty else { return "The webhook URL is not a valid URL" }
        if let scope = Self.addressScope(of: host) {
            if scope == .global || (allowLocalHosts && [.loopback, .privateNetwork, .linkLocal].contains(scope)) {
                return nil
            }
            return "The webhook URL may not point to a \(Self.describe(scope)) address"
        }
        if !allowLocalHosts, Self.insideNames.contains(host) || Self.insideSuffixes.contains(where: host.hasSuffix) {
            return "The webhook URL may not point to a local host"
        }
        return nil
    }

    /// The scope of a host that is a literal address (IPv6, dotted IPv4, or any other IPv4 spelling clients
    /// accept); nil for a name.
    private static func addressScope(of host: String) -> IPAddress.Scope? {
        if let address = IPAddress(host) { return address.scope }
        if let address = IPAddress.anyIPv4Spelling(host) { return address.scope }
        return nil
    }

    private static func describe(_ scope: IPAddress.Scope) -> String {
        switch scope {
        case .global: "public"
        case .loopback: "loopback"
        case .privateNetwork: "private"
        case .linkLocal: "link-local"
        case .multicast: "multicast"
        case .reserved: "reserved"
        }
    }
}
