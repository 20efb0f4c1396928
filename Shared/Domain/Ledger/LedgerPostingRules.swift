import Foundation
import Messages

/// Which accounts one business event moves kudos between, before balance-dependent rules (floors, holds, escrow;
/// see `LedgerBook`). Every event's postings sum to zero: kudos a worker earns are minted from `system:mint`, kudos
/// a requester pays go to `system:burn`.
package enum LedgerPostingRules {
    /// Where rewards come from and adjustments are balanced against.
    package static let mint = LedgerAccounts.mint
    /// Where requesters' payments go.
    package static let burn = LedgerAccounts.burn

    /// A settled job: the requester pays `cost` into `system:burn`; `system:mint` pays `reward` to the worker's
    /// owner, and `system:stats` records the same on the worker's display record. Zero amounts produce no
    /// postings.
    package static func postings(for job: JobCompleted) throws(LedgerRuleError) -> [LedgerPosting] {
        guard let cost = LedgerAmount.cents(job.cost) else { throw .invalidAmount("cost", job.cost) }
        guard let reward = LedgerAmount.cents(job.reward) else { throw .invalidAmount("reward", job.reward) }
        var postings: [LedgerPosting] = []
        if cost != 0 {
            postings.append(
                LedgerPosting(
                    account: .user(job.requesterId), amountCents: -cost, entryType: .generation, detail: .accumulated))
            postings.append(LedgerPosting(account: burn, amountCents: cost, entryType: .generation))
        }
        if reward != 0 {
            postings.append(LedgerPosting(account: mint, amountCents: -reward, entryType: .generation))
            postings.append(
                LedgerPosting(
                    account: .user(job.workerOwnerId), amountCents: reward, entryType: .generation,
                    detail: .accumulated))
            postings.append(LedgerPosting(account: LedgerAccounts.stats, amountCents: -reward, entryType: .statRecord))
            postings.append(LedgerPosting(account: .worker(job.workerId), amountCents: reward, entryType: .statRecord))
        }
        return postings
    }

    /// An operator's adjustment: the account gains (or loses) `amount`, balanced against `system:mint`.
    package static func postings(for adjustment: KudosAdjustment) throws(LedgerRuleError) -> [LedgerPosting] {
        guard let amount = LedgerAmount.cents(adjustment.amount) else {
            throw .invalidAmount("amount", adjustment.amount)
        }
        guard amount != 0 else { return [] }
        guard adjustment.account != mint else { throw .invalidAccount(adjustment.account.description) }
        return [
            LedgerPosting(
                account: adjustment.account, amountCents: amount, entryType: .adminAdjustment,
                detail: adjustment.account.isUser ? .admin : nil),
            LedgerPosting(account: mint, amountCents: -amount, entryType: .adminAdjustment),
        ]
    }

    /// The net change per account (postings of one account added up), for balance updates.
    package static func netChanges(_ postings: [LedgerPosting]) -> [AccountRef: Int64] {
        postings.reduce(into: [:]) { $0[$1.account, default: 0] += $1.amountCents }
    }
}

extension AccountRef {
    /// True for a user's spendable account.
    package var isUser: Bool {
        if case .user = self { return true }
        return false
    }
}

/// An event the ledger refuses to post.
package enum LedgerRuleError: Error, Equatable, CustomStringConvertible {
    /// A non-finite or absurd amount in the named field.
    case invalidAmount(String, Double)
    /// An account that cannot be adjusted.
    case invalidAccount(String)

    /// What was wrong, for logs.
    package var description: String {
        switch self {
        case .invalidAmount(let field, let value): "invalid \(field) \(value)"
        case .invalidAccount(let account): "cannot adjust \(account)"
        }
    }
}
