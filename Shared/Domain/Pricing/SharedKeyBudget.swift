/// A shared key's kudos budget at admission (HORDE_RULES 1, 4.5). The accounts area owns the keys; the ledger
/// records what was charged through a key (`sharedkey.utilized`) and gifted to it (`sharedkey.gifted`).
package enum SharedKeyBudget {
    /// What admission does with a request made with a shared key.
    package enum Decision: Sendable, Equatable {
        /// The budget covers the estimate.
        case admit
        /// It does not, and the request may not be downgraded: 403 SharedKeyInsufficientKudos.
        case insufficient
        /// It does not; the request runs at priority -50 (allow_downgrade).
        case downgrade
        /// The key is empty and the request may be downgraded: it runs as anonymous at priority -50.
        case anonymous
        /// The key is empty: 403 SharedKeyEmpty.
        case empty
    }

    /// What is left of a budget (-1 = unlimited), clamped at 0.
    package static func remaining(budget: Double, utilized: Double, gifted: Double = 0) -> Double? {
        guard budget != -1 else { return nil }
        return max(0, budget + gifted - utilized)
    }

    /// The admission decision for `estimate` kudos against the key's remaining budget (nil: unlimited).
    package static func decide(remaining: Double?, estimate: Double, allowDowngrade: Bool) -> Decision {
        guard let remaining else { return .admit }
        if remaining <= 0 { return allowDowngrade ? .anonymous : .empty }
        if estimate > remaining { return allowDowngrade ? .downgrade : .insufficient }
        return .admit
    }
}
