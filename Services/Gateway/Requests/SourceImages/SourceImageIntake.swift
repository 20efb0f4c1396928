import Foundation
import Messages

/// The gateway's step for source images on `POST /v2/generate/async`: resolve them (download URL sources,
/// check every image) and keep them for the pop answers, before anything is reserved or queued.
struct SourceImageIntake: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// Resolves and stores `input`'s sources under `requestId`; does nothing for a request without a source.
    /// URL sources may point at local hosts only where the operator allows local webhook receivers.
    func accept(_ input: GenerationInputStable, requestId: UUID) async throws {
        let resolver = SourceImageResolver(fetcher: SourceImageFetcher(allowLocalHosts: context.config.allowHTTPWebhooks))
        guard let sources = try await resolver.resolve(input) else { return }
        try await RequestSourceStore(pool: context.pool).insert(
            sources, requestId: requestId, expiresAt: Date().addingTimeInterval(context.config.requestTTL.seconds))
    }
}
