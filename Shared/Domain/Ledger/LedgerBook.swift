import Foundation
import Messages

/// The ledger's state for a batch of events (the balances, holds and profiles they touch) and the rules that
/// turn each event into balanced postings. Pure: the store loads the state, folds the batch through `apply`, then
/// writes what came out; the same fold over an empty book is what `rebuild` and the tests use.
package struct LedgerBook: Sendable {
    /// Balances in hundredths; a missing account is 0.
    package var balances: [AccountRef: Int64]
    /// Holds by id.
    package var holds: [String: LedgerHold]
    /// Users' profiles; a missing one is `LedgerProfile.unknown`.
    package var profiles: [Int: LedgerProfile]
    /// Escrow above this promotes a user (nil: never).
    package var trustThresholdCents: Int64?

    /// A book over the given state.
    package init(
        balances: [AccountRef: Int64] = [:], holds: [String: LedgerHold] = [:], profiles: [Int: LedgerProfile] = [:],
        trustThresholdCents: Int64? = nil
    ) {
        self.balances = balances
        self.holds = holds
        self.profiles = profiles
        self.trustThresholdCents = trustThresholdCents
    }

    /// What one event produced.
    package struct Entry: Sendable, Equatable {
        /// The balanced postings (empty when refused or when nothing moves).
        package var postings: [LedgerPosting] = []
        /// Counters.
        package var stats: [LedgerStat] = []
        /// The rc of a refusal; nil when applied.
        package var refusal: RC?
        /// Users promoted to trusted by this event.
        package var promotions: [TrustPromoted] = []
        /// Holds placed, drawn or closed.
        package var touchedHolds: Set<String> = []

        /// An entry with `postings` and nothing else.
        package init(postings: [LedgerPosting] = []) { self.postings = postings }
    }

    /// The balance of `account` in hundredths.
    package func balance(_ account: AccountRef) -> Int64 { balances[account] ?? 0 }

    /// The profile of user `id`.
    package func profile(_ id: Int) -> LedgerProfile { profiles[id] ?? .unknown }

    /// What user `id` may spend: balance − floor (holds already left the balance).
    package func available(_ id: Int) -> Int64 { balance(.user(id)) - profile(id).floorCents }

    /// Applies one event: computes its postings from the current state, updates the state, and returns them.
    package mutating func apply(_ operation: LedgerOperation, eventId: UUID, at: Date) -> Entry {
        var entry = Entry()
        switch operation {
        case .queued(let request):
            entry.stats.append(LedgerStat(subject: "user:\(request.userId)", field: "request.\(request.kind.rawValue)", value: 1))
        case .settle(let job):
            settle(job, &entry)
        case .finished(let finished):
            close(KudosReservation.upfrontHoldId(finished.requestId), &entry)
        case .adjust(let adjustment):
            adjust(adjustment, &entry)
        case .transfer(let transfer):
            self.transfer(transfer, &entry)
        case .grant(let grant):
            self.grant(grant, &entry)
        case .reserve(let reservation):
            reserve(reservation, &entry)
        case .release(let release):
            close(release.holdId, &entry)
        }
        if entry.refusal != nil {
            entry.postings = []
            entry.stats = []
            return entry
        }
        commit(entry.postings)
        promote(after: entry.postings, eventId: eventId, at: at, &entry)
        return entry
    }

    // MARK: Rules

    private mutating func settle(_ job: JobCompleted, _ entry: inout Entry) {
        guard let cost = LedgerAmount.cents(job.cost), cost >= 0, let reward = LedgerAmount.cents(job.reward),
            reward >= 0
        else { return refuse(.kudosValidationError, &entry) }
        let requester = AccountRef.user(job.requesterId)
        let holdId = KudosReservation.upfrontHoldId(job.requestId)
        if let key = holds[holdId]?.sharedKeyId, cost > 0 {
            entry.stats.append(
                LedgerStat(subject: "sharedkey:\(key.uuidString.lowercased())", field: "sharedkey.utilized",
                    value: Double(cost) / 100))
        }
        if cost > 0 {
            var fromUser = cost
            if var hold = holds[holdId], hold.open, hold.remainingCents > 0 {
                let drawn = min(hold.remainingCents, cost)
                hold.remainingCents -= drawn
                holds[holdId] = hold
                fromUser -= drawn
                entry.touchedHolds.insert(holdId)
                entry.postings.append(
                    LedgerPosting(account: LedgerAccounts.reserved, amountCents: -drawn, entryType: .generation,
                        holdId: holdId))
                // The held part was spent: it counts in the requester's accumulated like the rest.
                entry.postings.append(LedgerPosting(account: LedgerAccounts.burn, amountCents: drawn, entryType: .generation))
            }
            if fromUser > 0 {
                entry.postings.append(
                    LedgerPosting(account: requester, amountCents: -fromUser, entryType: .generation, detail: .accumulated))
                entry.postings.append(LedgerPosting(account: LedgerAccounts.burn, amountCents: fromUser, entryType: .generation))
                forgiveBelowFloor(job.requesterId, debit: fromUser, &entry)
            }
        }
        if reward > 0 {
            credit(job.workerOwnerId, reward, .generation, detail: .accumulated, escrowIfUntrusted: .half, &entry)
            entry.postings.append(LedgerPosting(account: LedgerAccounts.stats, amountCents: -reward, entryType: .statRecord))
            entry.postings.append(LedgerPosting(account: .worker(job.workerId), amountCents: reward, entryType: .statRecord))
        }
        let kind = job.kind.rawValue
        // Image things are pixelsteps, shown as megapixelsteps; text things are tokens.
        let things = job.kind == .image ? job.things / 1_000_000 : job.things
        if job.outcome != .faulted {
            entry.stats.append(LedgerStat(subject: "user:\(job.requesterId)", field: "usage.\(kind)", value: things))
            entry.stats.append(LedgerStat(subject: "user:\(job.workerOwnerId)", field: "contribution.\(kind)", value: things))
            entry.stats.append(LedgerStat(subject: "user:\(job.workerOwnerId)", field: "fulfillment.\(kind)", value: 1))
            entry.stats.append(LedgerStat(subject: "worker:\(job.workerId.uuidString.lowercased())", field: "worker.contribution", value: job.things))
            entry.stats.append(LedgerStat(subject: "worker:\(job.workerId.uuidString.lowercased())", field: "worker.fulfillment", value: 1))
        }
    }

    private mutating func adjust(_ adjustment: KudosAdjustment, _ entry: inout Entry) {
        guard let amount = LedgerAmount.cents(adjustment.amount) else { return refuse(.kudosValidationError, &entry) }
        guard amount != 0 else { return }
        guard case .user(let id) = adjustment.account else {
            guard case .system = adjustment.account else {
                entry.postings = [
                    LedgerPosting(account: adjustment.account, amountCents: amount, entryType: .adminAdjustment),
                    LedgerPosting(account: LedgerAccounts.mint, amountCents: -amount, entryType: .adminAdjustment),
                ]
                return
            }
            return refuse(.kudosValidationError, &entry)
        }
        entry.postings.append(
            LedgerPosting(account: .user(id), amountCents: amount, entryType: .adminAdjustment, detail: .admin))
        entry.postings.append(LedgerPosting(account: LedgerAccounts.mint, amountCents: -amount, entryType: .adminAdjustment))
        if amount < 0 { forgiveBelowFloor(id, debit: -amount, &entry) }
    }

    private mutating func transfer(_ transfer: KudosTransfer, _ entry: inout Entry) {
        guard let amount = LedgerAmount.cents(transfer.amount), amount > 0 else {
            return refuse(.negativeKudosTransfer, &entry)
        }
        guard transfer.sourceId != transfer.destinationId else { return refuse(.kudosTransferToSelf, &entry) }
        guard transfer.sourceId != 0 else { return refuse(.kudosTransferFromAnon, &entry) }
        guard transfer.destinationId != 0 else { return refuse(.kudosTransferToAnon, &entry) }
        guard available(transfer.sourceId) >= amount else { return refuse(.kudosTransferNotEnough, &entry) }
        entry.postings = [
            LedgerPosting(account: .user(transfer.sourceId), amountCents: -amount, entryType: .transfer, detail: .gifted),
            LedgerPosting(
                account: .user(transfer.destinationId), amountCents: amount, entryType: .transfer,
                detail: transfer.destinationEducation ? .donated : .received),
        ]
        if let key = transfer.sharedKeyId {
            entry.stats.append(LedgerStat(subject: "sharedkey:\(key.uuidString.lowercased())", field: "sharedkey.gifted", value: Double(amount) / 100))
        }
    }

    private mutating func grant(_ grant: KudosGrant, _ entry: inout Entry) {
        guard let amount = LedgerAmount.cents(grant.amount), amount > 0 else {
            return refuse(.kudosValidationError, &entry)
        }
        if grant.kind != .uptime && grant.kind != .interrogationUptime && grant.userId == 0 {
            return refuse(.kudosAwardToAnon, &entry)
        }
        switch grant.kind {
        case .uptime:
            credit(grant.userId, amount, .uptimeReward, detail: .accumulated, escrowIfUntrusted: .all, &entry)
        case .interrogationUptime:
            credit(grant.userId, amount, .uptimeReward, detail: .accumulated, escrowIfUntrusted: .none, &entry)
        case .recurring:
            credit(grant.userId, amount, .recurring, detail: .recurring, escrowIfUntrusted: .none, &entry)
        case .award:
            credit(grant.userId, amount, .award, detail: .awarded, escrowIfUntrusted: .none, &entry)
        case .styled:
            credit(grant.userId, amount, .styleReward, detail: .styled, escrowIfUntrusted: .none, &entry)
        }
        if let worker = grant.workerId {
            entry.postings.append(LedgerPosting(account: LedgerAccounts.stats, amountCents: -amount, entryType: .statRecord))
            entry.postings.append(LedgerPosting(account: .worker(worker), amountCents: amount, entryType: .statRecord))
        }
    }

    private mutating func reserve(_ reservation: KudosReservation, _ entry: inout Entry) {
        guard let amount = LedgerAmount.cents(reservation.amount), amount > 0 || (amount == 0 && reservation.sharedKeyId != nil)
        else { return refuse(.kudosValidationError, &entry) }
        // A hold id is used once: a retried admission reuses it; a request that already closed gets none.
        guard holds[reservation.holdId] == nil else { return refuse(.kudosUpfront, &entry) }
        guard available(reservation.userId) >= amount else { return refuse(.kudosUpfront, &entry) }
        holds[reservation.holdId] = LedgerHold(
            id: reservation.holdId, userId: reservation.userId, amountCents: amount, remainingCents: amount, open: true,
            sharedKeyId: reservation.sharedKeyId)
        entry.touchedHolds.insert(reservation.holdId)
        guard amount > 0 else { return }
        entry.postings = [
            LedgerPosting(account: .user(reservation.userId), amountCents: -amount, entryType: .reservation),
            LedgerPosting(account: LedgerAccounts.reserved, amountCents: amount, entryType: .reservation,
                holdId: reservation.holdId),
        ]
    }

    /// Gives back what is left of a hold and closes it; with no hold yet, leaves a closed marker so a reservation
    /// that arrives late is refused instead of held forever.
    private mutating func close(_ holdId: String, _ entry: inout Entry) {
        entry.touchedHolds.insert(holdId)
        guard var hold = holds[holdId] else {
            holds[holdId] = LedgerHold(id: holdId, userId: 0, amountCents: 0, remainingCents: 0, open: false)
            return
        }
        guard hold.open else { return }
        let remaining = hold.remainingCents
        hold.remainingCents = 0
        hold.open = false
        holds[holdId] = hold
        guard remaining > 0 else { return }
        entry.postings.append(
            LedgerPosting(account: LedgerAccounts.reserved, amountCents: -remaining, entryType: .reservation, holdId: holdId))
        entry.postings.append(LedgerPosting(account: .user(hold.userId), amountCents: remaining, entryType: .reservation))
    }

    // MARK: Helpers

    /// How much of a credit an untrusted owner gets in escrow.
    private enum EscrowShare { case none, half, all }

    /// Mints `amount` for user `id`: straight to the spendable balance, or partly to escrow while the user is
    /// untrusted (never for the anonymous account).
    private func credit(
        _ id: Int, _ amount: Int64, _ type: LedgerEntryType, detail: KudosDetailField, escrowIfUntrusted share: EscrowShare,
        _ entry: inout Entry
    ) {
        let profile = profile(id)
        var escrowed: Int64 = 0
        if !profile.trusted && !profile.anonymous {
            switch share {
            case .none: escrowed = 0
            case .half: escrowed = amount / 2
            case .all: escrowed = amount
            }
        }
        let spendable = amount - escrowed
        entry.postings.append(LedgerPosting(account: LedgerAccounts.mint, amountCents: -amount, entryType: type))
        if spendable != 0 {
            entry.postings.append(LedgerPosting(account: .user(id), amountCents: spendable, entryType: type, detail: detail))
        }
        if escrowed != 0 {
            entry.postings.append(LedgerPosting(account: .escrow(id), amountCents: escrowed, entryType: type))
        }
    }

    /// A debit that takes user `id` below their floor is forgiven down to the floor (an explicit credit from the
    /// mint), but a user already below it (a new account at 0) never gains by spending.
    private func forgiveBelowFloor(_ id: Int, debit: Int64, _ entry: inout Entry) {
        let netSoFar = entry.postings.filter { $0.account == .user(id) }.reduce(Int64(0)) { $0 + $1.amountCents }
        let before = balance(.user(id))
        let after = before + netSoFar
        let floor = profile(id).floorCents
        let lowest = min(floor, before)
        guard after < lowest else { return }
        let forgiven = lowest - after
        entry.postings.append(LedgerPosting(account: .user(id), amountCents: forgiven, entryType: .floorAdjustment))
        entry.postings.append(LedgerPosting(account: LedgerAccounts.mint, amountCents: -forgiven, entryType: .floorAdjustment))
    }

    private mutating func refuse(_ rc: RC, _ entry: inout Entry) { entry.refusal = rc }

    private mutating func commit(_ postings: [LedgerPosting]) {
        for posting in postings { balances[posting.account, default: 0] += posting.amountCents }
    }

    /// After an event, a user whose escrow passed the threshold (account 7 days old, not anonymous, not yet
    /// trusted) is promoted: the escrow moves to the spendable balance in the same event.
    private mutating func promote(after postings: [LedgerPosting], eventId: UUID, at: Date, _ entry: inout Entry) {
        guard let threshold = trustThresholdCents else { return }
        var candidates: Set<Int> = []
        for posting in postings { if case .escrow(let id) = posting.account { candidates.insert(id) } }
        for id in candidates.sorted() {
            var profile = profile(id)
            let escrow = balance(.escrow(id))
            guard !profile.trusted, !profile.anonymous, escrow > threshold else { continue }
            if let created = profile.createdAt, at.timeIntervalSince(created) < 7 * 86_400 { continue }
            let release = [
                LedgerPosting(account: .escrow(id), amountCents: -escrow, entryType: .evaluationPromotion),
                LedgerPosting(account: .user(id), amountCents: escrow, entryType: .evaluationPromotion, detail: .accumulated),
            ]
            commit(release)
            entry.postings += release
            profile.trusted = true
            profiles[id] = profile
            entry.promotions.append(TrustPromoted(userId: id, released: Double(escrow) / 100, causedBy: eventId, at: at))
        }
    }
}
