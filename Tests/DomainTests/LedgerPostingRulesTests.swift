import Foundation
import Testing

@testable import Domain
@testable import Messages

@Suite struct LedgerPostingRulesTests {
    static func completed(cost: Double, reward: Double) -> JobCompleted {
        JobCompleted(
            jobId: UUID(), requestId: UUID(), kind: .image, requesterId: 42, workerId: UUID(), workerName: "w",
            workerOwnerId: 7, model: "m", outcome: .ok, cost: cost, reward: reward, rewardBeforeBridge: reward,
            things: 1, seed: "1", webhook: nil, completedAt: Date(), seconds: 1, requestDone: true)
    }

    @Test func aSettledJobMovesKudosAndSumsToZero() throws {
        let job = Self.completed(cost: 11.25, reward: 10.1)
        let postings = try LedgerPostingRules.postings(for: job)
        #expect(postings.reduce(0) { $0 + $1.amountCents } == 0)
        let net = LedgerPostingRules.netChanges(postings)
        #expect(net[.user(42)] == -1125)
        #expect(net[.system("burn")] == 1125)
        #expect(net[.user(7)] == 1010)
        #expect(net[.worker(job.workerId)] == 1010)
        // The mint pays the owner; the worker's display record is balanced by the stats account, not currency.
        #expect(net[.system("mint")] == -1010)
        #expect(net[.system("stats")] == -1010)
    }

    @Test func aRequesterWhoIsAlsoTheOwnerNetsTheDifference() throws {
        var job = Self.completed(cost: 11, reward: 10)
        job.workerOwnerId = 42
        #expect(LedgerPostingRules.netChanges(try LedgerPostingRules.postings(for: job))[.user(42)] == -100)
    }

    @Test func zeroAmountsPostNothing() throws {
        #expect(try LedgerPostingRules.postings(for: Self.completed(cost: 0, reward: 0)).isEmpty)
    }

    @Test func hostileAmountsAreRefused() {
        #expect(throws: LedgerRuleError.self) {
            try LedgerPostingRules.postings(for: Self.completed(cost: .nan, reward: 1))
        }
        #expect(throws: LedgerRuleError.self) {
            try LedgerPostingRules.postings(for: Self.completed(cost: 1, reward: 1e300))
        }
    }

    @Test func adjustmentsBalanceAgainstTheMint() throws {
        let grant = KudosAdjustment(account: .user(3), amount: 100, reason: "initial", at: Date())
        let postings = try LedgerPostingRules.postings(for: grant)
        #expect(LedgerPostingRules.netChanges(postings) == [.user(3): 10_000, .system("mint"): -10_000])
        let removal = KudosAdjustment(account: .user(3), amount: -2.5, reason: "fix", at: Date())
        #expect(LedgerPostingRules.netChanges(try LedgerPostingRules.postings(for: removal))[.user(3)] == -250)
        let mint = KudosAdjustment(account: .system("mint"), amount: 1, reason: "x", at: Date())
        #expect(throws: LedgerRuleError.self) { try LedgerPostingRules.postings(for: mint) }
    }

    @Test func amountsRoundTripThroughNumericText() {
        #expect(LedgerAmount.text(cents: 1234) == "12.34")
        #expect(LedgerAmount.text(cents: -5) == "-0.05")
        #expect(LedgerAmount.text(cents: 0) == "0.00")
        #expect(LedgerAmount.cents(text: "12.34") == 1234)
        #expect(LedgerAmount.cents(text: "-0.05") == -5)
        #expect(LedgerAmount.cents(text: "7") == 700)
        #expect(LedgerAmount.cents(text: "7.5") == 750)
        #expect(LedgerAmount.cents(text: "1.234") == nil)
        #expect(LedgerAmount.cents(text: "abc") == nil)
        #expect(LedgerAmount.cents(0.1 + 0.2) == 30)
    }
}
