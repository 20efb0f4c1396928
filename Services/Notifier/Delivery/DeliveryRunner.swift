import Domain
import Foundation
import HordeCore
import Messages

/// Carries one claimed delivery to its end: vets the URL, builds the payload from the stored generation, makes
/// the remaining attempts (each recorded before the next), then finishes the delivery and announces the outcome.
///
/// If the process dies midway, the delivery stays pending with the attempts made so far; when the lease runs out
/// another instance (or this one after a restart) claims it and makes only the attempts that are left.
struct DeliveryRunner: Sendable {
    /// Durable delivery state, guarded by the lease.
    let store: any DeliveryStore
    /// Makes the HTTP calls.
    let sender: any WebhookSender
    /// Looks up the addresses a webhook host resolves to.
    let resolver: any HostResolver
    /// Which URLs and addresses may be called.
    let policy: WebhookURLPolicy
    /// Publishes the outcome (a `DeliveryEvent.finished`); throws when the broker did not take it.
    let announce: @Sendable (DeliveryOutcome) async throws -> Void
    /// Logger for delivery progress (metadata: `delivery.id`).
    let logger: Logger
    /// Attempts per delivery (Default: 3).
    var maxAttempts = 3
    /// Time one attempt may take (Default: 3 s).
    var attemptTimeout: Duration = .seconds(3)
    /// Pauses between attempts (Default: none, as the reference sends back to back).
    var backoff: RetryBackoff = .none
    /// The store's lease length; with it, the first attempt right after taking the lease skips renewing it
    /// (Default: zero, always renew).
    var lease: Duration = .zero
    /// Signs each attempt when the operator set a secret (Default: no signature).
    var signer: WebhookSignature?
    /// Told when a retry was scheduled `Duration` ahead, so the sweep can wake for it (Default: ignored).
    var retryScheduled: @Sendable (Duration) -> Void = { _ in }
    /// How long a delivery waits for its generation to appear before failing (Default: 10 minutes).
    var generationPatience: Duration = .seconds(600)

    private static let metrics = MetricsRegistry.shared

    /// Runs `delivery` (claimed by this instance). Store failures end the run early; the lease then expires and
    /// the sweep tries again.
    func run(_ delivery: Delivery) async {
        let log = logger.with("delivery.id", delivery.id.uuidString.lowercased())
        do {
            try await attemptAll(delivery, log: log)
        } catch is CancellationError {
            log.info("delivery interrupted; it resumes after its lease runs out")
        } catch {
            log.warning("delivery paused by a store error", ["error": "\(error)"])
        }
    }

    private func attemptAll(_ delivery: Delivery, log: Logger) async throws {
        let target: WebhookURLPolicy.Target
        do {
            target = try await vet(delivery.url)
        } catch let refusal as WebhookURLPolicy.Refusal {
            log.notice("webhook refused", ["reason": refusal.description])
            try await close(delivery, state: .refused, lastStatus: nil, error: refusal.description, log: log)
            return
        }
        var found = delivery.generation
        if found == nil { found = try await storedGeneration(of: delivery) }
        guard let generation = found else {
            if Date().timeIntervalSince(delivery.createdAt) < generationPatience.seconds {
                // Not visible yet (the gateway's transaction may still be committing): leave it pending; the
                // sweep tries again when the lease runs out.
                return log.info("generation not stored yet; will retry")
            }
            try await close(delivery, state: .failed, lastStatus: nil, error: "generation not found", log: log)
            return
        }
        let body = try WebhookPayload.encoded(for: generation, kudos: delivery.kudos)
        var number = delivery.attempts
        var lastStatus = delivery.lastStatus
        while number < maxAttempts {
            try Task.checkCancellation()
            if !leaseIsFresh(delivery, firstInRun: number == delivery.attempts) {
                guard try await store.renewLease(delivery.id) else { return log.notice("lease lost; another instance has it") }
            }
            number += 1
            let attempt = try await send(body, to: target, delivery: delivery, number: number)
            DeliveryMetrics.attempted.increment()
            if number > 1 { DeliveryMetrics.retried.increment() }
            (attempt.succeeded ? DeliveryMetrics.succeeded : DeliveryMetrics.failed).increment()
            DeliveryMetrics.latency.observe(attempt.duration)
            let isLast = number >= maxAttempts
            if attempt.succeeded || isLast {
                // The attempt and the final state are one write, so a delivery recorded as delivered can never
                // be attempted again, and no crash can leave a success recorded without its state.
                let state: Delivery.State = attempt.succeeded ? .delivered : .dead
                guard try await store.recordFinalAttempt(delivery.id, attempt, state: state) else {
                    return log.notice("lease lost; another instance has it")
                }
                if !attempt.succeeded {
                    log.info(
                        "webhook attempt failed",
                        ["attempt": "\(number)", "status": attempt.status.map(String.init) ?? "-", "error": attempt.error ?? ""])
                }
                try await finished(
                    delivery, state: state, lastStatus: attempt.status ?? lastStatus, attempts: number, log: log)
                return
            }
            let pause = backoff.delay(afterAttempt: number)
            // A zero pause keeps the delivery (and its lease) here for the next attempt at once.
            let retryAfter = pause > .zero ? pause : nil
            guard try await store.recordAttempt(delivery.id, attempt, retryAfter: retryAfter) else {
                return log.notice("lease lost; another instance has it")
            }
            lastStatus = attempt.status ?? lastStatus
            log.info(
                "webhook attempt failed",
                ["attempt": "\(number)", "status": attempt.status.map(String.init) ?? "-", "error": attempt.error ?? ""])
            if let retryAfter {
                // The delivery leaves this run; the sweep claims it again once the retry is due.
                retryScheduled(retryAfter)
                return log.info("retry scheduled", ["attempt": "\(number + 1)", "in_ms": "\(retryAfter.milliseconds)"])
            }
        }
        // Only reached when a resumed delivery had no attempts left (maxAttempts lowered since it started).
        try await close(delivery, state: .dead, lastStatus: delivery.lastStatus, error: "no attempts left", attempts: number, log: log)
    }

    /// The stored generation, looked up a few times a moment apart before giving up for this run.
    private func storedGeneration(of delivery: Delivery) async throws -> GenerationRecord? {
        for attempt in 0..<3 {
            if let generation = try await store.generation(jobId: delivery.id) { return generation }
            if attempt < 2 { try await Task.sleep(for: .milliseconds(500)) }
        }
        return nil
    }

    /// True when the lease taken moments ago still outlasts a whole attempt with a second to spare, so renewing
    /// it before the first attempt would change nothing (later writes check the lease anyway).
    private func leaseIsFresh(_ delivery: Delivery, firstInRun: Bool) -> Bool {
        guard firstInRun, let leasedAt = delivery.leasedAt, lease > .zero else { return false }
        return ContinuousClock.now - leasedAt + attemptTimeout + .seconds(1) < lease
    }

    /// Syntax, then every resolved address. A name that does not resolve is not refused: that may pass, so
    /// it surfaces as a failed attempt instead.
    private func vet(_ url: String) async throws -> WebhookURLPolicy.Target {
        let target = try policy.target(for: url)
        if let addresses = await addresses(of: target) {
            try policy.check(host: target.host, addresses: addresses)
        }
        return target
    }

    /// The addresses to check: a numeric host is its own address (no lookup needed); a name is resolved, nil
    /// when it does not resolve.
    private func addresses(of target: WebhookURLPolicy.Target) async -> [String]? {
        if IPAddress(target.host) != nil { return [target.host] }
        return try? await resolver.addresses(of: target.host, port: target.port)
    }

    /// One attempt. Throws only when the task is cancelled: an interrupted attempt is not recorded, so the
    /// instance that resumes the delivery makes it again.
    private func send(_ body: [UInt8], to target: WebhookURLPolicy.Target, delivery: Delivery, number: Int) async throws
        -> DeliveryAttempt
    {
        let started = ContinuousClock.now
        var headers = [
            ("Content-Type", "application/json"), ("User-Agent", "horde-notifier/\(NotifierMain.version)"),
            ("X-Horde-Delivery", delivery.id.uuidString.lowercased()), ("X-Horde-Attempt", String(number)),
        ]
        if let signer { headers += signer.headers(for: body) }
        do {
            // Resolve again right before sending, so a name cannot switch to an inside address between checks
            // made minutes apart (a failed lookup is the sender's to report).
            var url = target.url
            if IPAddress(target.host) == nil, let addresses = await addresses(of: target) {
                try policy.check(host: target.host, addresses: addresses)
                // Plain http goes to the address just checked (with the name in `Host`), so a name cannot switch
                // to an inside address between the check and the connection. https needs the name for TLS.
                if let pinned = Self.pinned(target, to: addresses) {
                    url = pinned.url
                    headers.append(("Host", pinned.host))
                }
            }
            let status = try await sender.post(url: url, body: body, headers: headers, timeout: attemptTimeout)
            let elapsed = ContinuousClock.now - started
            return DeliveryAttempt(number: number, status: status, error: status < 300 ? nil : "HTTP \(status)", duration: elapsed)
        } catch let refusal as WebhookURLPolicy.Refusal {
            return DeliveryAttempt(number: number, status: nil, error: refusal.description, duration: ContinuousClock.now - started)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            return DeliveryAttempt(number: number, status: nil, error: "\(error)", duration: ContinuousClock.now - started)
        }
    }

    /// An `http://` target rewritten to its first checked address, and the `Host` header naming the original
    /// host; nil for `https://` and when the URL cannot be split.
    static func pinned(_ target: WebhookURLPolicy.Target, to addresses: [String]) -> (url: String, host: String)? {
        guard target.scheme == "http", let first = addresses.first, let address = IPAddress(first),
            let components = URLComponents(string: target.url)
        else { return nil }
        let literal = address.isIPv4 ? address.description : "[\(address.description)]"
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        var url = "http://\(literal):\(target.port)\(path)"
        if let query = components.percentEncodedQuery { url += "?\(query)" }
        let host = target.port == 80 ? target.host : "\(target.host):\(target.port)"
        return (url, host)
    }

    private func close(
        _ delivery: Delivery, state: Delivery.State, lastStatus: Int?, error: String?, attempts: Int? = nil, log: Logger
    ) async throws {
        guard try await store.finish(delivery.id, state: state, lastStatus: lastStatus, error: error) else {
            return log.notice("lease lost before finishing; another instance has it")
        }
        try await finished(delivery, state: state, lastStatus: lastStatus, attempts: attempts ?? delivery.attempts, log: log)
    }

    /// Counts, logs and announces a delivery whose final state is recorded.
    private func finished(_ delivery: Delivery, state: Delivery.State, lastStatus: Int?, attempts: Int, log: Logger)
        async throws
    {
        if state == .dead { DeliveryMetrics.dead.increment() }
        Self.metrics.counter("horde_webhook_deliveries_total", help: "Webhook deliveries by final state", labels: ["state": state.rawValue]).increment()
        log.info("delivery finished", ["state": state.rawValue, "attempts": "\(attempts)"])
        var finished = delivery
        finished.state = state
        finished.attempts = attempts
        finished.lastStatus = lastStatus
        try await DeliveryRunner.publishOutcome(of: finished, store: store, announce: announce)
    }

    /// Announces a finished delivery and marks it published; a crash in between re-announces it (same event id).
    static func publishOutcome(
        of delivery: Delivery, store: any DeliveryStore, announce: @Sendable (DeliveryOutcome) async throws -> Void
    ) async throws {
        try await announce(
            DeliveryOutcome(
                deliveryId: delivery.id, requestId: delivery.requestId, jobId: delivery.id, url: delivery.url,
                attempts: delivery.attempts, delivered: delivery.state == .delivered, lastStatus: delivery.lastStatus,
                at: Date()))
        try await store.markPublished(delivery.id)
    }
}
