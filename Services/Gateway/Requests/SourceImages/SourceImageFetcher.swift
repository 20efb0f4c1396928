import Foundation
import HTTP
import ServiceKit

/// Downloads a source image given as a URL (HORDE_RULES 2.7): through the shared HTTP client, 2 s at most,
/// 5 MB at most, and never from this machine or an inside network unless the operator allows local hosts
/// (the same switch and the same address rules as webhooks).
struct SourceImageFetcher: Sendable {
    /// Most bytes a fetched source may have.
    static let maxBytes = 5 * 1024 * 1024
    /// How long one fetch may take.
    static let timeout: Duration = .seconds(2)

    /// Accept loopback, private and link-local hosts (one-machine stacks and tests).
    var allowLocalHosts: Bool
    /// Performs the GET; the shared client in production.
    var get: @Sendable (String, Duration) async throws -> HTTPClientResponse = { url, timeout in
        try await HTTPClient.shared.get(url, timeout: timeout)
    }

    /// The image bytes at `url`, or the rc the reference answers with: `SourceImageUrlInvalid` for a URL that
    /// may not be fetched, `SourceImageSizeExceeded` over 5 MB, `ImageValidationFailed` when the download fails.
    func fetch(_ url: String) async throws -> [UInt8] {
        let hosts = WebhookValidator(allowHTTP: true, allowLocalHosts: allowLocalHosts)
        if let problem = hosts.problem(with: url) {
            let reason = problem.replacingOccurrences(of: "The webhook URL", with: "The source image URL")
            throw HordeError(.sourceImageUrlInvalid, reason)
        }
        let response: HTTPClientResponse
        do {
            response = try await get(url, Self.timeout)
        } catch let error as HTTPClientError where error.code == .responseTooLarge {
            throw HordeError(.sourceImageSizeExceeded, "The source image at the URL is larger than 5 MB.")
        } catch {
            throw HordeError(.imageValidationFailed, "The source image could not be downloaded from its URL.")
        }
        guard (200..<300).contains(response.status) else {
            throw HordeError(
                .imageValidationFailed, "The source image URL answered HTTP \(response.status), not an image.")
        }
        if response.body.count > Self.maxBytes {
            throw HordeError(.sourceImageSizeExceeded, "The source image at the URL is larger than 5 MB.")
        }
        return response.body
    }
}
