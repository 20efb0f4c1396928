import Domain
import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit

/// Answers pops: finds matching requests in the index, claims jobs in Postgres, replies to the asker and announces
/// the jobs. A pop that finds nothing and may wait is parked until a matching request arrives or its wait ends.
struct PopDispatcher: Sendable {
    /// The request index and the parked pops.
    let queue: SchedulerQueue
    /// The queue in Postgres.
    let store: SchedulerStore
    /// Sends events and pop replies.
    let publisher: EventPublisher
    /// This service's settings.
    let config: SchedulerConfig
    /// Where commands come from and events go.
    let topics: SchedulerTopics
    /// Counters and gauges for `/metrics`.
    let metrics: SchedulerMetrics
    /// Workers seen popping (queue statistics).
    let activity: WorkerActivity
    /// Where this component logs.
    let logger: Logger

    /// Handles one pop from the pops topic.
    func handle(_ pop: PopRequest, now: Date = Date()) async throws {
        let start = ContinuousClock.now
        defer { metrics.popLatency.observe(ContinuousClock.now - start) }
        // Anything but the two reply topics is refused, so a pop can't make the scheduler write anywhere it likes.
        guard topics.replyTopics.contains(pop.replyTopic) else {
            metrics.popsRejected.increment()
            logger.warning(
                "pop refused: unknown reply topic", ["pop.id": pop.popId.uuidString, "kafka.topic": pop.replyTopic])
            return
        }
        guard pop.deadline > now else {
            metrics.popsExpired.increment()
            return
        }
        await activity.sawPop(pop.worker, at: now)
        let wait = min(Double(max(pop.waitMilliseconds, 0)) / 1000, config.maxPark.seconds)
        do {
            // The last look at the queue happens while the asker still listens.
            let lastChance = pop.deadline.addingTimeInterval(-2 * Self.replyMargin)
            try await serve(pop, wakeAt: wait > 0 ? min(now.addingTimeInterval(wait), lastChance) : nil)
        } catch let error as PostgresError where error.isPermanentDataError {
            // The worker's profile holds values Postgres refuses (a NUL in its name…): it gets no work.
            metrics.popsRejected.increment()
            logger.warning(
                "pop refused: not storable", ["pop.id": pop.popId.uuidString, "pg.sqlstate": error.sqlState ?? ""])
            try await replyEmpty(pop, skipped: SkippedCounts())
        }
    }

    /// A pop by an extra-slow worker keeps its request alive this long (the rules' 60 minutes).
    static let extraSlowExpiry: TimeInterval = 60 * 60

    /// How long before its deadline a pop stops being served: a reply needs a moment to reach the asker, and
    /// jobs handed to an asker that already gave up would only time out.
    static let replyMargin: TimeInterval = 0.25

    /// Answers a pop that came over HTTP (the gateway's external workers): the reply is returned instead of
    /// published, and the pop never parks.
    func answer(_ pop: PopRequest, now: Date = Date()) async throws -> PopReply {
        let start = ContinuousClock.now
        defer { metrics.popLatency.observe(ContinuousClock.now - start) }
        await activity.sawPop(pop.worker, at: now)
        do {
            if let reply = try await serve(pop, wakeAt: nil, route: .caller) { return reply }
        } catch let error as PostgresError where error.isPermanentDataError {
            metrics.popsRejected.increment()
            logger.warning(
                "pop refused: not storable", ["pop.id": pop.popId.uuidString, "pg.sqlstate": error.sqlState ?? ""])
        }
        return try await replyEmpty(pop, skipped: SkippedCounts(), route: .caller)
    }

    /// Tries to hand `pop` jobs; failing that, parks it until `wakeAt` (when given and still ahead) or answers it
    /// empty with the skipped reasons. Returns the reply given (nil when the pop was parked or had expired).
    @discardableResult
    func serve(_ pop: PopRequest, wakeAt: Date?, route: PopReplyRoute = .topic) async throws -> PopReply? {
        guard pop.deadline.timeIntervalSinceNow > Self.replyMargin else {
            metrics.popsExpired.increment()
            return nil
        }
        var scan = await queue.candidates(
            for: pop.worker, limit: config.maxClaimAttempts, maxExamined: config.maxExamined)
        // Each failed claim corrects the index, so rounds end quickly; the bound only guards against surprises.
        for _ in 0..<3 {
            for candidate in scan.candidates {
                if let reply = try await claim(candidate, for: pop, skipped: scan.skipped, route: route) {
                    return reply
                }
            }
            guard let wakeAt, wakeAt > Date() else { break }
            guard
                let fresh = await queue.parkUnlessMatched(
                    pop, until: wakeAt, limit: config.maxClaimAttempts, maxExamined: config.maxExamined)
            else {
                metrics.popsParked.increment()
                metrics.parkedPops.set(await queue.parkedCount)
                return nil
            }
            scan = fresh
        }
        return try await replyEmpty(pop, skipped: scan.skipped, route: route)
    }

    /// Serves pops that were parked and matched a request that just became available.
    func serveParked(_ pops: [ParkedPop]) async {
        for parked in pops {
            do {
                try await serve(parked.pop, wakeAt: parked.wakeAt)
            } catch {
                // The worker's wait ends soon and it pops again; nothing is lost.
                logger.warning(
                    "serving a parked pop failed", ["pop.id": parked.pop.popId.uuidString, "error": "\(error)"])
            }
        }
        metrics.parkedPops.set(await queue.parkedCount)
    }

    /// Answers the pops whose wait ended with one last look at the queue.
    func wakeExpired(now: Date = Date()) async {
        let expired = await queue.takeExpired(now: now)
        guard !expired.isEmpty else { return }
        for parked in expired {
            do {
                try await serve(parked.pop, wakeAt: nil)
            } catch {
                logger.warning(
                    "answering a parked pop failed", ["pop.id": parked.pop.popId.uuidString, "error": "\(error)"])
            }
        }
        metrics.parkedPops.set(await queue.parkedCount)
    }

    /// Answers every parked pop empty (shutdown), so no worker waits for a scheduler that is going away.
    func releaseAllParked() async {
        for parked in await queue.takeAllParked() {
            _ = try? await replyEmpty(parked.pop, skipped: SkippedCounts())
        }
        metrics.parkedPops.set(0)
    }

    /// Claims jobs of `candidate` for `pop`. The reply when the pop was answered (served now, or a replay answered
    /// again); nil when the request had nothing left.
    private func claim(
        _ candidate: QueuedRequest, for pop: PopRequest, skipped: SkippedCounts, route: PopReplyRoute
    ) async throws -> PopReply? {
        if let faked = try await FakeJobs(self).claim(candidate, for: pop, skipped: skipped, route: route) {
            guard case .answered(let reply) = faked else { return nil }
            return reply
        }
        let request = candidate.request
        let worker = pop.worker
        let model = PopMatching.chooseModel(request: request, worker: worker)
        let wanted = JobBatching.jobCount(
            kind: request.kind, amount: worker.amount,
            safeAmount: Self.safeAmount(request: request, worker: worker, model: model),
            waiting: JobBatching.maxAmount, disableBatching: request.disableBatching)
        let ttl = max(1, request.jobTTLSeconds) * (worker.extraSlow ? 3 : 1)
        let now = Date()
        let plan = ClaimPlan(
            popId: pop.popId, request: request, worker: worker, wanted: wanted, model: model, now: now,
            deadline: now.addingTimeInterval(Double(ttl)),
            extendedExpiry: now.addingTimeInterval(
                worker.extraSlow ? Self.extraSlowExpiry : config.expiryExtension.seconds),
            expectedWaiting: candidate.waiting)
        guard await queue.beginClaim(request.requestId) else { return nil }
        let result: ClaimResult
        do {
            result = try await store.claim(plan)
        } catch {
            await queue.endClaim(request.requestId)
            throw error
        }
        await queue.endClaim(request.requestId)
        switch result {
        case .claimed(let jobs):
            let parked = await queue.apply(
                QueuedRequest(
                    request: request, waiting: jobs.remaining, version: jobs.version, partition: candidate.partition))
            let assignment = Self.assignment(
                request: request, jobIds: jobs.jobIds, seed: jobs.seed, model: model, ttlSeconds: ttl)
            let reply = try await announce(assignment, to: pop, skipped: skipped, startedAt: jobs.startedAt, route: route)
            metrics.popsServed.increment()
            if !parked.isEmpty { await serveParked(parked) }
            return reply
        case .unavailable(let snapshot):
            metrics.claimsLost.increment()
            if let snapshot {
                let parked = await queue.apply(snapshot.queued)
                if !parked.isEmpty { await serveParked(parked) }
            } else {
                await queue.remove(request.requestId, version: .max)
            }
            return nil
        case .replay:
            return try await answerAgain(pop, route: route)
        }
    }

    /// A pop whose jobs already exist (Kafka redelivered it): the same reply and event, with the same ids.
    private func answerAgain(_ pop: PopRequest, route: PopReplyRoute) async throws -> PopReply {
        metrics.popsReplayed.increment()
        guard let (jobs, request) = try await store.jobs(ofPop: pop.popId), let first = jobs.first else {
            return try await replyEmpty(pop, skipped: SkippedCounts(), route: route)
        }
        let assignment = Self.assignment(
            request: request.request, jobIds: jobs.map(\.id), seed: first.seed, model: first.model,
            ttlSeconds: first.ttlSeconds)
        return try await announce(
            assignment, to: pop, skipped: SkippedCounts(), startedAt: first.startedAt, route: route)
    }

    /// Sends the reply to the asker, then `jobsStarted` to everyone. A caller-routed reply does not wait for the
    /// announcement: nothing depends on it but status caches, which also expire on their own.
    private func announce(
        _ assignment: JobAssignment, to pop: PopRequest, skipped: SkippedCounts, startedAt: Date,
        route: PopReplyRoute
    ) async throws -> PopReply {
        let reply = PopReply(
            popId: pop.popId, replyTo: pop.replyTo, workerId: pop.worker.workerId, assignment: assignment,
            skipped: skipped.wire(kind: pop.worker.kind))
        let started = JobsStarted(
            requestId: assignment.requestId, kind: assignment.kind, jobIds: assignment.jobIds,
            workerId: pop.worker.workerId, workerName: pop.worker.name, workerOwnerId: pop.worker.ownerId,
            model: assignment.model, startedAt: startedAt, ttlSeconds: assignment.ttlSeconds)
        let eventsTopic = topics.requestEvents
        let announcement = {
            try OutboxEvent(
                topic: eventsTopic, key: assignment.requestId.uuidString.lowercased(),
                Envelope(
                    id: SchedulerEventIDs.jobsStarted(pop.popId), occurredAt: startedAt,
                    payload: RequestEvent.jobsStarted(started)))
        }
        switch route {
        case .caller:
            // Handed to the producer without waiting: nobody waits for it.
            let logger = self.logger
            let failed: @Sendable (any Error) -> Void = { error in
                logger.warning("jobs.started not published", ["pop.id": pop.popId.uuidString, "error": "\(error)"])
            }
            do {
                try publisher.enqueue(try announcement()) { result in
                    if case .failure(let error) = result { failed(error) }
                }
            } catch {
                failed(error)
            }
        case .topic:
            // The reply and the announcement go out together: the worker waits for the first, nobody for the second.
            async let replied: Void = publisher.publish(
                pop.replyTopic, key: pop.replyTo,
                Envelope(
                    id: SchedulerEventIDs.popReply(pop.popId), occurredAt: startedAt,
                    payload: PopReplyMessage.reply(reply)))
            try await publisher.publish(try announcement())
            try await replied
        }
        return reply
    }

    @discardableResult
    private func replyEmpty(_ pop: PopRequest, skipped: SkippedCounts, route: PopReplyRoute = .topic) async throws
        -> PopReply
    {
        let reply = PopReply(
            popId: pop.popId, replyTo: pop.replyTo, workerId: pop.worker.workerId, assignment: nil,
            skipped: skipped.wire(kind: pop.worker.kind))
        if route == .topic {
            try await publisher.publish(
                pop.replyTopic, key: pop.replyTo,
                Envelope(id: SchedulerEventIDs.popReply(pop.popId), payload: PopReplyMessage.reply(reply)))
        }
        metrics.popsEmpty.increment()
        return reply
    }

    /// The payload a worker receives: the request's, with this pop's seed and batch size (image: `n_iter`; text:
    /// `n` is always 1).
    static func assignment(
        request: RequestCreated, jobIds: [UUID], seed: String?, model: String, ttlSeconds: Int
    ) -> JobAssignment {
        var payload = request.payload
        switch request.kind {
        case .image:
            if let seed { payload.set("seed", .string(seed)) }
            payload.set("n_iter", .number(Double(jobIds.count)))
        case .text:
            payload.set("n", 1)
        case .interrogation:
            break
        }
        return JobAssignment(
            requestId: request.requestId, kind: request.kind, jobIds: jobIds, model: model, payload: payload,
            ttlSeconds: ttlSeconds, sourceProcessing: request.sourceProcessing)
    }

    /// The image batch the worker can take safely, from the request's size and post-processing.
    static func safeAmount(request: RequestCreated, worker: WorkerProfile, model: String) -> Int {
        guard request.kind == .image else { return JobBatching.clampAmount(worker.amount) }
        let payload = request.payload
        let side = Int(Double(request.pixels).squareRoot())
        let postProcessors = payload["post_processing"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return JobBatching.imageSafeAmount(
            maxPixels: worker.maxPixels, amount: worker.amount, width: payload["width"]?.intValue ?? side,
            height: payload["height"]?.intValue ?? side, postProcessors: postProcessors,
            transparent: payload["transparent"]?.boolValue ?? false, baseline: model)
    }
}
