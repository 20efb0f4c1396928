import Foundation
import HordeCore

/// The optional signature receivers use to check that a webhook came from this horde:
/// `X-Horde-Signature: sha256=<hex HMAC-SHA256 of the raw body under the shared secret>`, sent with
/// `X-Horde-Timestamp` (Unix seconds of the attempt) so receivers can also drop stale deliveries.
struct WebhookSignature: Sendable {
    /// Header carrying the HMAC.
    static let signatureHeader = "X-Horde-Signature"
    /// Header carrying the attempt's Unix time in seconds.
    static let timestampHeader = "X-Horde-Timestamp"

    private let key: [UInt8]

    /// A signer for `secret`; nil when the secret is empty (signing off).
    init?(secret: String) {
        guard !secret.isEmpty else { return nil }
        key = Array(secret.utf8)
    }

    /// `sha256=` and the lower-case hex HMAC of `body`.
    func signature(of body: [UInt8]) -> String {
        "sha256=" + SHA256.hex(SHA256.hmac(key: key, message: body))
    }

    /// The two headers for one attempt.
    func headers(for body: [UInt8], at date: Date = Date()) -> [(String, String)] {
        [(Self.timestampHeader, String(Int64(date.timeIntervalSince1970))), (Self.signatureHeader, signature(of: body))]
    }

    /// Whether `header` is the signature of `body` (what a receiver does), compared in constant time.
    func verify(_ header: String, body: [UInt8]) -> Bool {
        let expected = Array(signature(of: body).utf8)
        let given = Array(header.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}
