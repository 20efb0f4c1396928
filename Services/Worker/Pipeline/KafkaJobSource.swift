import Foundation
import HordeCore
import Messages

/// In-cluster mode: the worker publishes its pop to the scheduler itself and reads the answer from the
/// worker-jobs topic. The scheduler parks the pop for up to `popWait` and answers as soon as a matching request
/// arrives, so an idle worker needs no sleep between pops.
struct KafkaJobSource: JobSource {
    /// Publishes a `PopCommand.pop` to the pops topic (key: the worker id).
    let send: @Sendable (PopRequest) async throws -> Void
    /// Matches replies from the worker-jobs topic to pops.
    let router: PopReplyRouter
    /// How long the scheduler may park a pop (Default: 2 s).
    let popWait: Duration
    /// Extra time for the answer to travel back before the pop counts as unanswered (Default: 3 s).
    let replyMargin: Duration
    /// How long a pop waits for the reply consumer to join its group (Default: 60 s).
    let readinessTimeout: Duration

    /// A source over `router`, publishing pops with `send`.
    init(
        router: PopReplyRouter, popWait: Duration = .seconds(2), replyMargin: Duration = .seconds(3),
        readinessTimeout: Duration = .seconds(60), send: @escaping @Sendable (PopRequest) async throws -> Void
    ) {
        self.router = router
        self.popWait = popWait
        self.replyMargin = replyMargin
        self.readinessTimeout = readinessTimeout
        self.send = send
    }

    /// The parked wait is the pacing.
    var idleDelay: Duration { .zero }

    /// Why a pop could not be sent.
    struct NotReady: Error, CustomStringConvertible {
        /// For logs.
        var description: String { "the worker-jobs consumer has no partitions yet" }
    }

    /// The scheduler answers every pop within its wait, even with nothing; silence means it is down or behind.
    struct NoAnswer: Error, CustomStringConvertible {
        /// For logs.
        var description: String { "no answer from the scheduler" }
    }

    /// Publishes one pop and waits for its answer.
    func pop(for lane: WorkerLane) async throws -> PopResult {
        // A reply sent before the consumer is positioned would be skipped by its `latest` offset reset.
        guard await router.waitUntilReady(timeout: readinessTimeout) else { throw NotReady() }
        let request = PopRequest(
            worker: lane.profile, replyTopic: Topics.workerJobs.name, replyTo: lane.replyAddress,
            waitMilliseconds: Int(popWait.milliseconds),
            deadline: Date().addingTimeInterval((popWait + replyMargin).seconds))
        router.expect(request.popId)
        do {
            try await send(request)
        } catch {
            _ = await router.wait(for: request.popId, timeout: .zero)
            throw error
        }
        guard let reply = await router.wait(for: request.popId, timeout: popWait + replyMargin) else { throw NoAnswer() }
        guard let assignment = reply.assignment else { return .idle(skipped: reply.skipped) }
        return .job(WorkerJob(assignment: assignment))
    }

    /// A job that arrived after its pop gave up.
    func takeStrayJob(kind: RequestKind) -> WorkerJob? {
        router.takeStray(kind: kind).map(WorkerJob.init(assignment:))
    }
}
