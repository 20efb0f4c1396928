import Foundation
import Testing

@testable import Notifier

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    @Test func signatureIsTheKnownHMACOfTheRawBody() throws {
        // RFC 4231, test case 2.
        let signer = try #require(WebhookSignature(secret: "Jefe"))
        let body = Array("what do ya want for nothing?".utf8)
        #expect(signer.signature(of: body) == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(signer.verify("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", body: body))
    }

    @Test func receiversRejectAnotherBodyOrSecret() throws {
        let signer = try #require(WebhookSignature(secret: "s3cret"))
        let body = Array(#"{"id":"a"}"#.utf8)
        let header = signer.signature(of: body)
        #expect(signer.verify(header, body: body))
        #expect(!signer.verify(header, body: Array(#"{"id":"b"}"#.utf8)))
        #expect(!(try #require(WebhookSignature(secret: "other"))).verify(header, body: body))
        #expect(!signer.verify("sha256=00", body: body))
    }

    @Test func headersCarryTimestampAndSignature() throws {
        let signer = try #require(WebhookSignature(secret: "k"))
        let headers = signer.headers(for: [1, 2, 3], at: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(headers.first { $0.0 == "X-Horde-Timestamp" }?.1 == "1700000000")
        #expect(headers.first { $0.0 == "X-Horde-Signature" }?.1 == signer.signature(of: [1, 2, 3]))
    }

    @Test func emptySecretMeansNoSignature() {
        #expect(WebhookSignature(secret: "") == nil)
    }
}
