import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit
import Synchronization

/// Every `checkInterval`, sends the ledger a `kudos.grant` (kind `uptime`, or `interrogation_uptime` for
/// alchemists) for each worker that completed a reward period. The envelope id is the grant's id, derived from the
/// worker and the period, so a resend after a failed publish or a restart is recognised by the ledger and never
/// pays twice. The ledger decides where the kudos go (all to escrow for an untrusted owner's worker).
struct UptimeRewardService: Service {
    /// The service's name in logs.
    let name = "uptime-rewards"
    /// The workers' clocks.
    let tracker: UptimeTracker
    /// Where grants are sent.
    let publisher: EventPublisher
    /// The ledger's command topic (scoped like the scheduler's own topics).
    let ledgerTopic: String
    /// Created first when the scheduler runs in a topic scope of its own (tests).
    let scopedTopic: TopicSpec?
    /// The broker, for creating `scopedTopic`.
    let kafka: KafkaConfig
    /// Time between checks.
    let checkInterval: Duration
    /// Where this component logs.
    let logger: Logger

    /// Checks every `checkInterval` until graceful shutdown.
    func run() async throws {
        if let scopedTopic {
            try await KafkaAdmin.createTopics([scopedTopic], config: kafka, logger: logger)
        }
        let wake = WakeSignal()
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            while !stopping.load(ordering: .acquiring) && !Task.isCancelled {
                await payDue()
                await wake.wait(timeout: checkInterval)
            }
        } onGracefulShutdown: {
            stopping.store(true, ordering: .releasing)
            wake.signal()
        }
    }

    /// Sends every due reward; one that fails to send stays due and is retried (same id) at the next check.
    /// Returns how many were sent.
    @discardableResult
    func payDue(now: Date = Date()) async -> Int {
        var sent = 0
        for due in await tracker.due(now: now) {
            do {
                try await publisher.publish(
                    ledgerTopic, key: AccountRef.user(due.grant.userId).description,
                    Envelope(id: due.grant.eventId, occurredAt: due.grant.at, payload: LedgerCommand.grant(due.grant)))
                await tracker.paid(due)
                sent += 1
            } catch {
                logger.warning(
                    "uptime reward not sent",
                    [
                        "worker.id": due.workerId.uuidString, "event.id": due.grant.eventId.uuidString,
                        "error": "\(error)",
                    ])
            }
        }
        return sent
    }
}
