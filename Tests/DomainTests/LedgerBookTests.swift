import Foundation
import Testing

@testable import Domain
@testable import Messages

/// The ledger's fold: balance-dependent rules (floors, escrow, holds, transfers, promotion) and conservation.
@Suite struct LedgerBookTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func job(requester: Int = 1, owner: Int = 2, cost: Double, reward: Double, request: UUID = UUID()) -> JobCompleted {
        JobCompleted(
            jobId: UUID(), requestId: request, kind: .image, requesterId: requester, workerId: UUID(), workerName: "w",
            workerOwnerId: owner, model: "m", outcome: .ok, cost: cost, reward: reward, rewardBeforeBridge: reward,
            things: 7_864_320, seed: nil, webhook: nil, completedAt: now, seconds: 1, requestDone: false)
    }

    static func oauth(trusted: Bool = true, created: Date? = nil) -> LedgerProfile {
        LedgerProfile.of(userId: 5, oauthId: "g_123", trusted: trusted, createdAt: created)
    }

    /// Applies and checks the event's postings sum to zero.
    static func apply(_ book: inout LedgerBook, _ operation: LedgerOperation) -> LedgerBook.Entry {
        let entry = book.apply(operation, eventId: UUID(), at: now)
        #expect(entry.postings.reduce(0) { $0 + $1.amountCents } == 0)
        return entry
    }

    /// Starting balances, minted (so the book starts conserved).
    static func minted(_ balances: [AccountRef: Int64]) -> [AccountRef: Int64] {
        var all = balances
        all[LedgerAccounts.mint] = -balances.values.reduce(0, +)
        return all
    }

    /// users + escrows + reserved == minted − burned.
    static func conserved(_ book: LedgerBook) -> Bool {
        let currency = book.balances.filter { LedgerAccounts.isCurrency($0.key) }.values.reduce(0, +)
        return currency + book.balance(LedgerAccounts.reserved)
            == -book.balance(LedgerAccounts.mint) - book.balance(LedgerAccounts.burn)
    }

    @Test func profilesGiveTheRulesFloors() {
        #expect(LedgerProfile.of(userId: 0, oauthId: "anon", trusted: false, createdAt: nil).floorCents == -5_000)
        #expect(LedgerProfile.of(userId: 3, oauthId: UUID().uuidString, trusted: false, createdAt: nil).floorCents == 1_400)
        #expect(LedgerProfile.of(userId: 3, oauthId: "d_42", trusted: false, createdAt: nil).floorCents == 2_500)
    }

    @Test func untrustedOwnersGetHalfTheirRewardInEscrow() {
        var book = LedgerBook(profiles: [2: Self.oauth(trusted: false)])
        _ = Self.apply(&book, .settle(Self.job(requester: 9, owner: 2, cost: 0, reward: 10.11)))
        #expect(book.balance(.escrow(2)) == 505)
        #expect(book.balance(.user(2)) == 506)
        #expect(Self.conserved(book))
        // Trusted owners and the anonymous account get it all.
        var trusted = LedgerBook(profiles: [2: Self.oauth(trusted: true)])
        _ = Self.apply(&trusted, .settle(Self.job(owner: 2, cost: 0, reward: 10)))
        #expect(trusted.balance(.user(2)) == 1_000 && trusted.balance(.escrow(2)) == 0)
    }

    @Test func debitsBelowTheFloorAreForgivenExplicitly() {
        var book = LedgerBook(balances: Self.minted([.user(1): 3_000]), profiles: [1: Self.oauth()])
        let entry = Self.apply(&book, .settle(Self.job(requester: 1, cost: 10, reward: 0)))
        #expect(book.balance(.user(1)) == 2_500)
        #expect(entry.postings.contains { $0.entryType == .floorAdjustment && $0.amountCents == 500 })
        // A new account below its floor never gains by spending.
        var fresh = LedgerBook(profiles: [1: Self.oauth()])
        _ = Self.apply(&fresh, .settle(Self.job(requester: 1, cost: 10, reward: 0)))
        #expect(fresh.balance(.user(1)) == 0)
        // The anonymous account goes down to -50.
        var anon = LedgerBook(
            balances: Self.minted([.user(0): -4_500]),
            profiles: [0: LedgerProfile.of(userId: 0, oauthId: "anon", trusted: false, createdAt: nil)])
        _ = Self.apply(&anon, .settle(Self.job(requester: 0, cost: 10, reward: 0)))
        #expect(anon.balance(.user(0)) == -5_000)
        #expect(Self.conserved(book) && Self.conserved(fresh) && Self.conserved(anon))
    }

    @Test func transfersNeedAvailableKudosAndMoveNothingWhenRefused() {
        var book = LedgerBook(balances: Self.minted([.user(1): 10_000]), profiles: [1: Self.oauth(), 2: Self.oauth()])
        let gift = KudosTransfer(eventId: UUID(), sourceId: 1, destinationId: 2, amount: 75, at: Self.now)
        #expect(Self.apply(&book, .transfer(gift)).refusal == nil)
        #expect(book.balance(.user(1)) == 2_500 && book.balance(.user(2)) == 7_500)
        let tooMuch = KudosTransfer(eventId: UUID(), sourceId: 1, destinationId: 2, amount: 0.01, at: Self.now)
        let refused = Self.apply(&book, .transfer(tooMuch))
        #expect(refused.refusal == .kudosTransferNotEnough && refused.postings.isEmpty)
        for (amount, rc) in [(-5.0, RC.negativeKudosTransfer), (.nan, .negativeKudosTransfer), (1e300, .negativeKudosTransfer)] {
            let bad = KudosTransfer(eventId: UUID(), sourceId: 2, destinationId: 1, amount: amount, at: Self.now)
            #expect(Self.apply(&book, .transfer(bad)).refusal == rc)
        }
        let toSelf = KudosTransfer(eventId: UUID(), sourceId: 2, destinationId: 2, amount: 1, at: Self.now)
        #expect(Self.apply(&book, .transfer(toSelf)).refusal == .kudosTransferToSelf)
        let toAnon = KudosTransfer(eventId: UUID(), sourceId: 2, destinationId: 0, amount: 1, at: Self.now)
        #expect(Self.apply(&book, .transfer(toAnon)).refusal == .kudosTransferToAnon)
        #expect(book.balance(.user(2)) == 7_500)
        #expect(Self.conserved(book))
    }

    @Test func holdsAreDrawnFirstAndTheRestReleased() {
        let request = UUID()
        let hold = KudosReservation.upfrontHoldId(request)
        var book = LedgerBook(balances: Self.minted([.user(1): 10_000]), profiles: [1: Self.oauth()])
        let reserve = KudosReservation(eventId: UUID(), holdId: hold, userId: 1, amount: 30, at: Self.now)
        #expect(Self.apply(&book, .reserve(reserve)).refusal == nil)
        #expect(book.balance(.user(1)) == 7_000 && book.balance(LedgerAccounts.reserved) == 3_000)
        // A retried admission reuses the one hold.
        #expect(Self.apply(&book, .reserve(reserve)).refusal == .kudosUpfront)
        _ = Self.apply(&book, .settle(Self.job(requester: 1, cost: 20, reward: 0, request: request)))
        #expect(book.balance(LedgerAccounts.reserved) == 1_000 && book.balance(.user(1)) == 7_000)
        _ = Self.apply(&book, .settle(Self.job(requester: 1, cost: 20, reward: 0, request: request)))
        #expect(book.balance(LedgerAccounts.reserved) == 0 && book.balance(.user(1)) == 6_000)
        let finished = RequestFinished(requestId: request, kind: .image, requesterId: 1, state: .done, finishedAt: Self.now)
        _ = Self.apply(&book, .finished(finished))
        #expect(book.holds[hold]?.open == false)
        #expect(Self.conserved(book))
    }

    @Test func aReservationArrivingAfterItsRequestFinishedIsRefused() {
        let request = UUID()
        var book = LedgerBook(balances: Self.minted([.user(1): 10_000]), profiles: [1: Self.oauth()])
        let finished = RequestFinished(requestId: request, kind: .image, requesterId: 1, state: .done, finishedAt: Self.now)
        _ = Self.apply(&book, .finished(finished))
        let late = KudosReservation(
            eventId: UUID(), holdId: KudosReservation.upfrontHoldId(request), userId: 1, amount: 30, at: Self.now)
        #expect(Self.apply(&book, .reserve(late)).refusal == .kudosUpfront)
        #expect(book.balance(.user(1)) == 10_000)
    }

    @Test func reservationsNeedAvailableKudos() {
        var book = LedgerBook(balances: Self.minted([.user(1): 3_000]), profiles: [1: Self.oauth()])
        let reserve = KudosReservation(eventId: UUID(), holdId: "upfront:x", userId: 1, amount: 5.01, at: Self.now)
        #expect(Self.apply(&book, .reserve(reserve)).refusal == .kudosUpfront)
    }

    @Test func sharedKeyHoldsCountSettlementsAgainstTheKey() {
        let request = UUID()
        let key = UUID()
        var book = LedgerBook(balances: Self.minted([.user(1): 10_000]), profiles: [1: Self.oauth()])
        let tag = KudosReservation(
            eventId: UUID(), holdId: KudosReservation.upfrontHoldId(request), userId: 1, amount: 0, sharedKeyId: key,
            at: Self.now)
        #expect(Self.apply(&book, .reserve(tag)).refusal == nil)
        let entry = Self.apply(&book, .settle(Self.job(requester: 1, cost: 7.5, reward: 0, request: request)))
        #expect(entry.stats.contains {
            $0.subject == "sharedkey:\(key.uuidString.lowercased())" && $0.field == "sharedkey.utilized" && $0.value == 7.5
        })
        #expect(book.balance(.user(1)) == 9_250)
    }

    @Test func grantsLandInTheirDetailsAndUptimeGoesToEscrowWhileUntrusted() {
        var book = LedgerBook(profiles: [2: Self.oauth(trusted: false), 3: Self.oauth()])
        let worker = UUID()
        let uptime = Self.apply(&book, .grant(KudosGrant(eventId: UUID(), kind: .uptime, userId: 2, workerId: worker, amount: 50, at: Self.now)))
        #expect(book.balance(.escrow(2)) == 5_000 && book.balance(.user(2)) == 0)
        #expect(book.balance(.worker(worker)) == 5_000)
        #expect(uptime.postings.contains { $0.account == LedgerAccounts.stats && $0.amountCents == -5_000 })
        let award = Self.apply(&book, .grant(KudosGrant(eventId: UUID(), kind: .award, userId: 3, amount: 10, at: Self.now)))
        #expect(award.postings.contains { $0.detail == .awarded && $0.amountCents == 1_000 })
        let monthly = Self.apply(&book, .grant(KudosGrant(eventId: UUID(), kind: .recurring, userId: 3, amount: 300, at: Self.now)))
        #expect(monthly.postings.contains { $0.detail == .recurring })
        #expect(Self.apply(&book, .grant(KudosGrant(eventId: UUID(), kind: .award, userId: 0, amount: 1, at: Self.now))).refusal == .kudosAwardToAnon)
        #expect(Self.conserved(book))
    }

    @Test func escrowAboveTheThresholdPromotesAndDrains() {
        let old = Self.now.addingTimeInterval(-8 * 86_400)
        var book = LedgerBook(profiles: [2: Self.oauth(trusted: false, created: old)], trustThresholdCents: 10_000)
        let first = Self.apply(&book, .grant(KudosGrant(eventId: UUID(), kind: .uptime, userId: 2, amount: 60, at: Self.now)))
        #expect(first.promotions.isEmpty)
        let second = Self.apply(&book, .grant(KudosGrant(eventId: UUID(), kind: .uptime, userId: 2, amount: 60, at: Self.now)))
        #expect(second.promotions.map(\.userId) == [2])
        #expect(book.balance(.escrow(2)) == 0 && book.balance(.user(2)) == 12_000)
        #expect(book.profile(2).trusted)
        // A young account waits.
        var young = LedgerBook(profiles: [2: Self.oauth(trusted: false, created: Self.now)], trustThresholdCents: 100)
        #expect(Self.apply(&young, .grant(KudosGrant(eventId: UUID(), kind: .uptime, userId: 2, amount: 60, at: Self.now))).promotions.isEmpty)
    }

    @Test func settlementsRecordUsageContributionAndFulfilment() {
        var book = LedgerBook()
        let entry = Self.apply(&book, .settle(Self.job(requester: 1, owner: 2, cost: 1, reward: 1)))
        #expect(entry.stats.contains { $0.subject == "user:1" && $0.field == "usage.image" && abs($0.value - 7.86432) < 1e-9 })
        #expect(entry.stats.contains { $0.subject == "user:2" && $0.field == "fulfillment.image" && $0.value == 1 })
    }

    @Test func aRandomMixConservesKudos() {
        var book = LedgerBook(profiles: [1: Self.oauth(), 2: Self.oauth(trusted: false), 3: Self.oauth()], trustThresholdCents: 5_000)
        var generator = SystemRandomNumberGenerator()
        for index in 0..<2_000 {
            let a = Int.random(in: 0...3, using: &generator)
            let b = Int.random(in: 0...3, using: &generator)
            let amount = Double(Int.random(in: -100...5_000, using: &generator)) / 100
            let operation: LedgerOperation
            switch index % 5 {
            case 0: operation = .settle(Self.job(requester: a, owner: b, cost: abs(amount), reward: abs(amount) * 0.9))
            case 1: operation = .transfer(KudosTransfer(eventId: UUID(), sourceId: a, destinationId: b, amount: amount, at: Self.now))
            case 2: operation = .grant(KudosGrant(eventId: UUID(), kind: .uptime, userId: a, amount: abs(amount), at: Self.now))
            case 3: operation = .reserve(KudosReservation(eventId: UUID(), holdId: "h\(index)", userId: a, amount: abs(amount), at: Self.now))
            default: operation = .release(KudosRelease(eventId: UUID(), holdId: "h\(index - 1)", at: Self.now))
            }
            _ = Self.apply(&book, operation)
        }
        #expect(Self.conserved(book))
        #expect(book.balance(LedgerAccounts.reserved) == book.holds.values.filter(\.open).reduce(0) { $0 + $1.remainingCents })
        for id in 1...3 { #expect(book.balance(.user(id)) >= min(0, book.profile(id).floorCents)) }
    }
}

/// `POST /kudos/transfer` rules, in order, and amount parsing.
@Suite struct KudosTransferRulesTests {
    @Test func checksRunInTheReferencesOrder() {
        let source = KudosTransferParty(id: 5)
        func check(_ source: KudosTransferParty = KudosTransferParty(id: 5),
                   _ destination: KudosTransferParty? = KudosTransferParty(id: 6),
                   expired: Bool = false, reverse: Bool = false, cents: Int64 = 100) -> RC? {
            KudosTransferRules.check(source: source, destination: destination, sharedKeyExpired: expired,
                reverseTransferWithinMinute: reverse, amountCents: cents)
        }
        #expect(check() == nil)
        #expect(check(KudosTransferParty(id: 0), nil) == .kudosTransferFromAnon)
        #expect(check(source, nil) == .invalidTargetUsername)
        #expect(check(expired: true) == .sharedKeyExpired)
        #expect(check(source, KudosTransferParty(id: 0)) == .kudosTransferToAnon)
        #expect(check(source, KudosTransferParty(id: 5)) == .kudosTransferToSelf)
        #expect(check(reverse: true) == .tooFastKudosTransfers)
        #expect(check(KudosTransferParty(id: 5, suspicious: true, flagged: true)) == .faultWhenKudosSending)
        #expect(check(KudosTransferParty(id: 5, flagged: true, education: true)) == .sourceAccountFlagged)
        #expect(check(KudosTransferParty(id: 5, education: true)) == .educationCannotSendKudos)
        #expect(check(source, KudosTransferParty(id: 6, suspicious: true, flagged: true)) == .faultWhenKudosReceiving)
        #expect(check(source, KudosTransferParty(id: 6, flagged: true, deleted: true)) == .targetAccountFlagged)
        #expect(check(KudosTransferParty(id: 5, deleted: true)) == .deletedUser)
        #expect(check(cents: -1) == .negativeKudosTransfer)
        #expect(check(cents: 0) == .invalidKudosTransferAmount)
        #expect(KudosTransferRules.checkFunds(availableCents: 99, amountCents: 100) == .kudosTransferNotEnough)
        #expect(KudosTransferRules.checkFunds(availableCents: 100, amountCents: 100) == nil)
    }

    @Test func amountsAreWholeCentsOfSaneSize() throws {
        #expect(try KudosTransferRules.amountCents(nil).get() == 10_000)
        #expect(try KudosTransferRules.amountCents(.number(12.34)).get() == 1_234)
        #expect(try KudosTransferRules.amountCents(.number(-5)).get() == -500)
        #expect(try KudosTransferRules.amountCents(.number(0.1 + 0.2)).get() == 30)
        for bad: JSONValue in [.number(1.234), .number(1e300), .number(.nan), .number(.infinity), .string("10"), .bool(true)] {
            #expect(throws: RCFailure(.invalidKudosTransferAmount)) { try KudosTransferRules.amountCents(bad).get() }
        }
    }
}
