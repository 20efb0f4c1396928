import Foundation
import HordeCore
import Messages
import Postgres
import Redis
import ServiceKit

/// The moderation helpers the handlers share: settings, the per-replica snapshot of modes, filters and blocks,
/// the per-IP suspicion in Redis, and the prompt screen the async handlers call.
struct ModerationServices: Sendable {
    /// The settings.
    let config: ModerationConfig
    /// The SQL of the moderation tables.
    let store: ModerationStore
    /// This replica's snapshot.
    let state: ModerationState
    /// Per-IP suspicion and timeouts.
    let suspicion: IPSuspicion
    /// The replica's rate-limit counters and IP-timeout copy, synchronised with Redis.
    let limiter: RateLimiter
    /// Whether a model is NSFW in the model reference. Until the reference is wired in, no model is, and the
    /// NSFW-model rule applies to flagged users only.
    let isNSFWModel: @Sendable (String) -> Bool
    private let logger: Logger

    /// The helpers over the gateway's connections.
    init(
        config: ModerationConfig, pool: PostgresPool, redis: RedisClient, keyPrefix: String, logger: Logger,
        isNSFWModel: @escaping @Sendable (String) -> Bool = { _ in false }
    ) {
        self.config = config
        self.store = ModerationStore(pool: pool)
        self.state = ModerationState(store: store, interval: config.refreshInterval, logger: logger)
        self.suspicion = IPSuspicion(redis: redis, keyPrefix: keyPrefix)
        self.limiter = RateLimiter(redis: redis, syncInterval: config.syncInterval, logger: logger)
        self.isNSFWModel = isNSFWModel
        self.logger = logger
    }

    /// Whether `address` is an allow-listed service IP.
    func isServiceIP(_ address: String) -> Bool { config.serviceIPs.contains { $0.contains(address) } }

    /// Applies the prompt filters to an image request, as the rules say: a corrupt prompt (both filter groups)
    /// is refused with 400 `CorruptPrompt` (and, for non-moderators, counted against the user and the IP, which
    /// goes into timeout) unless the replacement filter rewrites it into one that is no longer corrupt; flagged
    /// users always go through the replacement filter; prompts hinting at minors for NSFW models (or from
    /// flagged users) get their age words rewritten. The rewritten prompt replaces `input.prompt`. In raid mode,
    /// untrusted anonymous or pseudonymous requesters from a suspicious IP are refused (403 `UntrustedUnsafeIP`).
    func screenImagePrompt(_ input: inout GenerationInputStable, user: AuthenticatedUser, ipAddress: String)
        async throws
    {
        let snapshot = await state.current()
        if snapshot.modes.raid, !user.trusted, !user.moderator, user.isAnonymous || user.isPseudonymous,
            (try? await suspicion.suspicion(of: ipAddress)) ?? 0 > 0
        {
            throw HordeError(
                .untrustedUnsafeIP,
                "Due to abuse prevention, untrusted accounts cannot use this IP address at the moment.")
        }
        var prompt = input.prompt
        let verdict = PromptPolicy.score(prompt, filters: snapshot.filters)
        if verdict.isCorrupt || user.flagged {
            if input.replacementFilter || user.flagged {
                if PromptNormalizer.split(prompt).positive.count > PromptPolicy.maxReplaceablePrompt {
                    if verdict.isCorrupt {
                        throw HordeError(
                            .badRequest,
                            "Prompt is too long to be checked by the replacement filter; please shorten it.")
                    }
                } else if let replaced = PromptPolicy.replaced(prompt, filters: snapshot.filters),
                    !PromptPolicy.score(replaced, filters: snapshot.filters).isCorrupt
                {
                    prompt = replaced
                } else if verdict.isCorrupt {
                    throw await corrupt(input, user: user, ipAddress: ipAddress)
                }
            } else {
                throw await corrupt(input, user: user, ipAddress: ipAddress)
            }
        }
        if user.flagged || input.models.contains(where: isNSFWModel),
            PromptPolicy.hintsAtMinors(prompt, filters: snapshot.filters)
        {
            guard let rewritten = PromptPolicy.agesRewritten(prompt) else {
                throw HordeError(.corruptPrompt, "Prompt is empty after removing terms unsuitable for NSFW models.")
            }
            prompt = rewritten
        }
        input.prompt = prompt
    }

    /// Records a corrupt prompt (user suspicion, the prompt for review, the IP's suspicion and timeout; not for
    /// moderators) and returns the error to throw. Failures to record are logged, never shown to the client.
    private func corrupt(_ input: GenerationInputStable, user: AuthenticatedUser, ipAddress: String) async
        -> HordeError
    {
        let error = HordeError(
            .corruptPrompt,
            "This prompt appears to violate our terms of service and will be reported. Please contact us if you think this is an error.")
        guard !user.moderator else { return error }
        do {
            let timeout = try await suspicion.recordCorruptPrompt(from: ipAddress, isServiceIP: isServiceIP(ipAddress))
            limiter.noteTimeout(suspicion.timeoutKey(ipAddress), lasting: timeout)
            try await store.pool.withTransaction { connection in
                try await connection.execute(
                    """
                    INSERT INTO gateway.filtered_prompts (user_id, ipaddr, prompt, models)
                    VALUES (\(user.id), \(ipAddress), \(input.prompt), \(input.models))
                    """)
                try await connection.execute(
                    """
                    INSERT INTO gateway.user_suspicions (user_id, reason) VALUES (\(user.id), \(Self.corruptPromptReason))
                    ON CONFLICT DO NOTHING
                    """)
            }
        } catch {
            logger.warning("corrupt prompt not fully recorded", ["error": String(describing: error)])
        }
        return error
    }

    /// The user suspicion reason of a corrupt prompt (counted once per user).
    static let corruptPromptReason = 8
}
