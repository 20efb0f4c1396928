import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit

/// The alchemy queue: consumes `InterrogationCommand`s (new interrogations, cancellations, alchemist pops and
/// form deliveries), keeps the index of waiting forms in step with Postgres, and publishes the request events
/// (kind `interrogation`) the ledger charges and the notifier posts webhooks from.
struct InterrogationQueue: Sendable {
    /// The queue in Postgres.
    let store: InterrogationStore
    /// The waiting forms in memory.
    let index: InterrogationIndex
    /// Sends events and pop replies.
    let publisher: EventPublisher
    /// This queue's settings.
    let settings: InterrogationSettings
    /// Where lifecycle events go.
    let eventsTopic: String
    /// Topics a pop may ask to be answered on.
    let replyTopics: Set<String>
    /// Where this component logs.
    let logger: Logger

    /// Loads the waiting forms into the index (before any command is consumed).
    func rebuild(now: Date = Date()) async throws {
        let waiting = try await store.loadWaiting(now: now)
        for form in waiting { await index.add(form) }
        logger.info("alchemy queue rebuilt", ["forms.waiting": "\(waiting.count)"])
    }

    /// Handles one command.
    func handle(_ envelope: Envelope<InterrogationCommand>) async throws {
        do {
            switch envelope.payload {
            case .created(let created):
                let (waiting, finished) = try await store.insert(created)
                for form in waiting { await index.add(form) }
                if let finished {
                    var changes = FormChanges()
                    changes.events.append(
                        (SchedulerEventIDs.finished(created.interrogationId),
                         InterrogationEvents.finished(created, state: finished, at: created.createdAt)))
                    try await apply(changes)
                }
            case .cancelled(let cancelled):
                let changes = try await store.cancel(cancelled.interrogationId, now: Date())
                try await apply(changes)
            case .pop(let pop):
                _ = try await serve(pop)
            case .submitted(let submission):
                let now = Date()
                let changes = try await store.settle(
                    submission, abortLimit: settings.abortLimit,
                    extendedExpiry: now.addingTimeInterval(settings.expiryExtension.seconds), now: now)
                if let reason = changes.ignoredBecause {
                    logger.notice(
                        "form submission ignored", ["horde.job.id": submission.formId.uuidString, "reason": reason])
                }
                try await apply(changes)
            }
        } catch let error as PostgresError where error.isPermanentDataError {
            // Values Postgres refuses (a NUL in a worker name…) can never be stored: skip the command.
            logger.warning("alchemy command refused: not storable", ["event.id": envelope.id.uuidString])
        }
    }

    /// Answers an alchemist's pop: up to `amount` matching forms, or the skip counts. The reply is published to
    /// the asker's topic (pops over Kafka) or only returned (`.caller`: the gateway's pops over HTTP); nil when the
    /// pop was refused or had expired.
    func serve(_ pop: InterrogationPopRequest, now: Date = Date(), route: PopReplyRoute = .topic) async throws
        -> PopReply?
    {
        guard route == .caller || replyTopics.contains(pop.replyTopic) else {
            logger.warning("alchemy pop refused: unknown reply topic", ["kafka.topic": pop.replyTopic])
            return nil
        }
        guard pop.deadline > now else { return nil }
        let previous = try await store.forms(ofPop: pop.popId)
        if !previous.isEmpty {
            return try await answer(pop, with: previous, skipped: [:], route: route)
        }
        let amount = min(max(pop.worker.amount, 1), settings.maxAmount)
        let (candidates, skipped) = await index.candidates(for: pop.worker, limit: settings.maxCandidates)
        var taken: [FormRow] = []
        var remaining = candidates[...]
        // A candidate can be gone in Postgres (cancelled, expired) while still indexed: try the next ones.
        while taken.count < amount, !remaining.isEmpty {
            let batch = Array(remaining.prefix(amount - taken.count))
            remaining = remaining.dropFirst(batch.count)
            let claimed = try await store.claim(
                batch.map(\.formId), popId: pop.popId, worker: pop.worker, now: now,
                deadline: now.addingTimeInterval(settings.formTTL.seconds),
                extendedExpiry: now.addingTimeInterval(settings.expiryExtension.seconds))
            for form in batch { await index.remove(form.formId) }
            taken += claimed
        }
        return try await answer(pop, with: taken, skipped: skipped, route: route)
    }

    /// Times out stale forms and expires old interrogations; publishes what that produced.
    func sweepOnce(now: Date = Date()) async {
        do {
            let timedOut = try await store.timeOutForms(now: now, abortLimit: settings.abortLimit, topic: eventsTopic)
            for form in timedOut.waitingAgain { await index.add(form) }
            let expired = try await store.expire(now: now, topic: eventsTopic)
            for id in expired.removed { await index.remove(id) }
            let published = try await Outbox.drain(pool: store.pool, publisher: publisher)
            if !timedOut.waitingAgain.isEmpty || !expired.removed.isEmpty {
                logger.info(
                    "alchemy swept",
                    ["forms.restarted": "\(timedOut.waitingAgain.count)", "forms.expired": "\(expired.removed.count)",
                     "events.published": "\(published)"])
            }
        } catch {
            logger.warning("alchemy sweep failed", ["error": "\(error)"])
        }
    }

    private func apply(_ changes: FormChanges) async throws {
        for form in changes.waitingAgain { await index.add(form) }
        for id in changes.removed { await index.remove(id) }
        for (id, event) in changes.events {
            try await publisher.publish(
                event, to: eventsTopic, key: event.requestId.uuidString.lowercased(), eventId: id, at: Date())
        }
    }

    /// Replies to the asker, then announces the started forms (one event per interrogation).
    private func answer(
        _ pop: InterrogationPopRequest, with forms: [FormRow], skipped: [InterrogationMatching.SkipReason: Int],
        route: PopReplyRoute
    ) async throws -> PopReply {
        let startedAt = forms.first?.startedAt ?? Date()
        let assignment =
            forms.isEmpty
            ? nil
            : try InterrogationAssignment.make(
                forms.map(\.waiting.assigned), ttlSeconds: Int(settings.formTTL.seconds))
        let reply = PopReply(
            popId: pop.popId, replyTo: pop.replyTo, workerId: pop.worker.workerId, assignment: assignment,
            skipped: forms.isEmpty ? InterrogationMatching.skippedObject(skipped) : [:])
        if route == .topic {
            try await publisher.publish(
                pop.replyTopic, key: pop.replyTo,
                Envelope(
                    id: SchedulerEventIDs.popReply(pop.popId), occurredAt: startedAt,
                    payload: PopReplyMessage.reply(reply)))
        }
        for (interrogationId, group) in Dictionary(grouping: forms, by: \.interrogation.interrogationId) {
            let started = JobsStarted(
                requestId: interrogationId, kind: .interrogation, jobIds: group.map(\.id),
                workerId: pop.worker.workerId, workerName: pop.worker.name, workerOwnerId: pop.worker.ownerId,
                model: group.first?.name ?? "", startedAt: startedAt, ttlSeconds: Int(settings.formTTL.seconds))
            try await publisher.publish(
                RequestEvent.jobsStarted(started), to: eventsTopic, key: interrogationId.uuidString.lowercased(),
                eventId: InterrogationEvents.startedId(pop: pop.popId, interrogation: interrogationId), at: startedAt)
        }
        return reply
    }
}
