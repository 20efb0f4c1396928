import Domain
import Testing

@testable import Notifier

@Suite("Webhook address safety")
struct URLSafetyTests {
    let strict = WebhookURLPolicy(allowLocalNetworks: false)
    let local = WebhookURLPolicy(allowLocalNetworks: true)

    @Test(arguments: [
        ("127.0.0.1", IPAddress.Scope.loopback), ("127.255.0.9", .loopback), ("0.0.0.0", .loopback),
        ("10.1.2.3", .privateNetwork), ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("100.64.0.1", .privateNetwork), ("169.254.169.254", .linkLocal),
        ("224.0.0.1", .multicast), ("255.255.255.255", .reserved), ("192.0.2.10", .reserved),
        ("198.18.0.1", .reserved), ("8.8.8.8", .global), ("172.32.0.1", .global), ("100.128.0.1", .global),
        ("::1", .loopback), ("::", .loopback), ("fe80::1", .linkLocal), ("fe80::1%eth0", .linkLocal),
        ("fd00::1", .privateNetwork), ("fc12:3456::1", .privateNetwork), ("ff02::1", .multicast),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:7f00:1", .loopback), ("::ffff:8.8.8.8", .global),
        ("64:ff9b::10.0.0.1", .privateNetwork), ("2002:7f00:0001::1", .loopback), ("2001:db8::1", .reserved),
        ("2606:4700:4700::1111", .global), ("[2606:4700:4700::1111]", .global), ("::127.0.0.1", .reserved),
    ])
    func classifiesAddresses(text: String, scope: IPAddress.Scope) throws {
        let address = try #require(IPAddress(text))
        #expect(address.scope == scope)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01234.1.1.1", "::1::", "1:2:3:4:5:6:7:8:9",
        "12345::1", "g::1", "localhost", "1.2.3.4:80", "+1::1"])
    func rejectsNonAddresses(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func parsesCompressedIPv6() throws {
        #expect(try #require(IPAddress("1::2")).bytes == [0, 1] + [UInt8](repeating: 0, count: 12) + [0, 2])
        #expect(try #require(IPAddress("1:2:3:4:5:6:7:8")).bytes.count == 16)
        #expect(try #require(IPAddress("::ffff:1.2.3.4")).bytes.suffix(4) == [1, 2, 3, 4])
    }

    @Test func onlyHTTPAndHTTPSWithAHost() throws {
        #expect(try strict.target(for: "https://example.com/hook") == .init(url: "https://example.com/hook", scheme: "https", host: "example.com", port: 443))
        #expect(try strict.target(for: "HTTP://Example.com:8080/x").port == 8080)
        #expect(try strict.target(for: "http://[::1]:9000/").host == "::1")
        #expect(throws: WebhookURLPolicy.Refusal.unsupportedScheme("ftp")) { try strict.target(for: "ftp://example.com/") }
        #expect(throws: WebhookURLPolicy.Refusal.unsupportedScheme("file")) { try strict.target(for: "file:///etc/passwd") }
        #expect(throws: WebhookURLPolicy.Refusal.unsupportedScheme("gopher")) { try strict.target(for: "gopher://x/") }
        #expect(throws: WebhookURLPolicy.Refusal.malformed) { try strict.target(for: "not a url") }
        #expect(throws: WebhookURLPolicy.Refusal.malformed) { try strict.target(for: "https:///path-only") }
        #expect(throws: WebhookURLPolicy.Refusal.credentialsInURL) { try strict.target(for: "https://u:p@example.com/") }
        #expect(throws: WebhookURLPolicy.Refusal.malformed) {
            try strict.target(for: "https://example.com/" + String(repeating: "a", count: 3000))
        }
    }

    @Test func refusesInsideAddressesUnlessAllowed() {
        #expect(throws: WebhookURLPolicy.Refusal.self) { try strict.check(host: "localhost", addresses: ["127.0.0.1"]) }
        #expect(throws: WebhookURLPolicy.Refusal.self) {
            try strict.check(host: "metadata", addresses: ["169.254.169.254"])
        }
        // One inside address among public ones is enough to refuse.
        #expect(throws: WebhookURLPolicy.Refusal.self) {
            try strict.check(host: "mixed", addresses: ["8.8.8.8", "10.0.0.5"])
        }
        #expect(throws: Never.self) { try strict.check(host: "example.com", addresses: ["93.184.216.34", "2606:2800::1"]) }
        #expect(throws: Never.self) { try local.check(host: "localhost", addresses: ["127.0.0.1", "::1", "192.168.0.2"]) }
        // Multicast and reserved stay refused even for local stacks.
        #expect(throws: WebhookURLPolicy.Refusal.self) { try local.check(host: "m", addresses: ["239.1.1.1"]) }
        #expect(throws: WebhookURLPolicy.Refusal.self) { try local.check(host: "junk", addresses: ["not-an-ip"]) }
    }
}
