import Messages

/// The `skipped` object of an empty (or partly empty) pop: how many distinct waiting requests were passed over,
/// per reason.
package struct SkippedCounts: Sendable, Equatable {
    /// Counts per reason; reasons never seen are absent.
    package private(set) var counts: [SkipReason: Int] = [:]

    /// No request skipped yet.
    package init() {}

    /// Counts one request passed over for `reason`.
    package mutating func add(_ reason: SkipReason, _ amount: Int = 1) {
        guard amount > 0 else { return }
        counts[reason, default: 0] += amount
    }

    /// The count for one reason (0 when none).
    package subscript(reason: SkipReason) -> Int { counts[reason] ?? 0 }

    /// Image pops always carry these keys, with 0 when nothing was skipped for them (HORDE_RULES 3.6).
    package static let imageAlwaysPresent: [SkipReason] = [
        .bridgeVersion, .untrusted, .performance, .controlnet, .postProcessing, .lora, .nsfw, .unsafeIP, .painting,
        .img2img, .workerId, .models,
    ]

    /// The wire form: API key → count. Image pops list the always-present keys; `secret` is never reported.
    package func wire(kind: RequestKind) -> [String: Int] {
        var result: [String: Int] = [:]
        if kind == .image { for reason in Self.imageAlwaysPresent { result[reason.rawValue] = 0 } }
        for (reason, count) in counts where reason != .secret && count > 0 { result[reason.rawValue] = count }
        return result
    }
}
