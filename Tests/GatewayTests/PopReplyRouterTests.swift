import Foundation
import Messages
import Testing

@testable import Gateway

@Suite("Pop replies reach the waiting pop")
struct PopReplyRouterTests {
    private func reply(_ popId: UUID) -> PopReply {
        PopReply(popId: popId, replyTo: "gw", workerId: UUID(), assignment: nil, skipped: ["models": 1])
    }

    @Test func aReplyWakesTheWaitingPop() async {
        let router = PopReplyRouter()
        let popId = UUID()
        router.expect(popId)
        async let answer = router.wait(for: popId, timeout: .seconds(5))
        try? await Task.sleep(for: .milliseconds(20))
        #expect(router.deliver(reply(popId)))
        #expect(await answer?.popId == popId)
        #expect(router.pending == 0)
    }

    @Test func aReplyBeforeTheWaitIsKept() async {
        let router = PopReplyRouter()
        let popId = UUID()
        router.expect(popId)
        #expect(router.deliver(reply(popId)))
        #expect(await router.wait(for: popId, timeout: .seconds(5))?.skipped == ["models": 1])
    }

    @Test func noReplyTimesOut() async {
        let router = PopReplyRouter()
        let popId = UUID()
        router.expect(popId)
        let start = ContinuousClock.now
        #expect(await router.wait(for: popId, timeout: .milliseconds(50)) == nil)
        #expect(ContinuousClock.now - start < .seconds(10), "the wait ends (a loaded machine may be slow to resume it)")
        #expect(router.pending == 0)
        #expect(!router.deliver(reply(popId)), "a late reply is dropped")
    }

    @Test func repliesForOtherPopsAreIgnored() async {
        let router = PopReplyRouter()
        #expect(!router.deliver(reply(UUID())))
        #expect(router.pending == 0)
    }

    @Test func manyConcurrentPopsGetTheirOwnReplies() async {
        let router = PopReplyRouter()
        let ids = (0..<200).map { _ in UUID() }
        for id in ids { router.expect(id) }
        await withTaskGroup(of: Bool.self) { group in
            for id in ids {
                group.addTask { await router.wait(for: id, timeout: .seconds(5))?.popId == id }
            }
            for id in ids.reversed() { router.deliver(reply(id)) }
            for await matched in group { #expect(matched) }
        }
        #expect(router.pending == 0)
    }
}
