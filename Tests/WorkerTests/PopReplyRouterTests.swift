import Foundation
import Messages
import Testing

@testable import Worker

@Suite("Pop reply routing")
struct PopReplyRouterTests {
    let me = UUID().uuidString.lowercased()

    init() { WorkerTestStack.isolateTopics }

    private func reply(_ popId: UUID, to address: String, withJob: Bool) -> PopReply {
        let assignment = JobAssignment(
            requestId: UUID(), kind: .image, jobIds: [UUID()], model: "m", payload: ["prompt": "p"], ttlSeconds: 60)
        return PopReply(popId: popId, replyTo: address, workerId: UUID(), assignment: withJob ? assignment : nil)
    }

    @Test func waiterGetsItsReply() async {
        let router = PopReplyRouter(addresses: [me])
        let popId = UUID()
        router.expect(popId)
        async let answer = router.wait(for: popId, timeout: .seconds(5))
        try? await Task.sleep(for: .milliseconds(20))
        #expect(router.deliver(reply(popId, to: me, withJob: true)) == .answered)
        #expect(await answer?.popId == popId)
    }

    @Test func replyArrivingBeforeTheWaitIsKept() async {
        let router = PopReplyRouter(addresses: [me])
        let popId = UUID()
        router.expect(popId)
        #expect(router.deliver(reply(popId, to: me, withJob: false)) == .answered)
        #expect(await router.wait(for: popId, timeout: .milliseconds(10))?.popId == popId)
    }

    @Test func repliesForOtherWorkersAreIgnored() async {
        let router = PopReplyRouter(addresses: [me])
        let popId = UUID()
        router.expect(popId)
        #expect(router.deliver(reply(popId, to: "someone-else", withJob: true)) == .notOurs)
        #expect(await router.wait(for: popId, timeout: .milliseconds(30)) == nil)
        #expect(router.takeStray(kind: .image) == nil)
    }

    @Test func lateJobsBecomeStraysAndLateEmptyRepliesAreDropped() async {
        let router = PopReplyRouter(addresses: [me])
        let popId = UUID()
        router.expect(popId)
        #expect(await router.wait(for: popId, timeout: .milliseconds(10)) == nil)
        #expect(router.deliver(reply(popId, to: me, withJob: false)) == .late)
        #expect(router.deliver(reply(popId, to: me, withJob: true)) == .stray)
        #expect(router.takeStray(kind: .text) == nil)
        #expect(router.takeStray(kind: .image) != nil)
        #expect(router.takeStray(kind: .image) == nil)
    }

    @Test func readinessWaitsForMarkReady() async {
        let router = PopReplyRouter(addresses: [me])
        #expect(await router.waitUntilReady(timeout: .milliseconds(20)) == false)
        async let ready = router.waitUntilReady(timeout: .seconds(5))
        try? await Task.sleep(for: .milliseconds(20))
        router.markReady()
        #expect(await ready)
    }

    @Test func inClusterPopPublishesTheProfileAndReturnsTheAssignment() async throws {
        let config = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_NAME": "k", "HORDE_WORKER_KINDS": "image"]))
        let lane = try #require(config.lanes(owner: UserDetailsBody(id: 3, username: "u#3", trusted: false)).first)
        let router = PopReplyRouter(addresses: [lane.replyAddress])
        router.markReady()
        let source = KafkaJobSource(router: router, popWait: .milliseconds(200), replyMargin: .seconds(2)) { request in
            #expect(request.replyTopic == Topics.workerJobs.name)
            #expect(request.replyTo == lane.replyAddress)
            #expect(request.waitMilliseconds == 200)
            #expect(request.worker.ownerId == 3)
            #expect(request.deadline > Date())
            // The scheduler answers on the topic; the consumer routes it.
            let assignment = JobAssignment(
                requestId: UUID(), kind: .image, jobIds: [UUID(), UUID()], model: "stable_diffusion",
                payload: ["prompt": "x", "n_iter": 2], ttlSeconds: 90)
            router.deliver(PopReply(popId: request.popId, replyTo: request.replyTo, workerId: lane.workerId, assignment: assignment))
        }
        guard case .job(let job) = try await source.pop(for: lane) else {
            Issue.record("expected a job")
            return
        }
        #expect(job.jobIds.count == 2)
        #expect(job.ttlSeconds == 90)
    }

    @Test func unansweredInClusterPopIsAnError() async throws {
        let config = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_KINDS": "text"]))
        let lane = try #require(config.lanes(owner: nil).first)
        let router = PopReplyRouter(addresses: [lane.replyAddress])
        router.markReady()
        let source = KafkaJobSource(router: router, popWait: .milliseconds(10), replyMargin: .milliseconds(20)) { _ in }
        await #expect(throws: KafkaJobSource.NoAnswer.self) { try await source.pop(for: lane) }
    }
}
