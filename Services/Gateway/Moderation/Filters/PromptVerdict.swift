/// How suspicious a prompt is: one point per filter group that matched, 2 or more is corrupt.
struct PromptVerdict: Sendable, Equatable {
    /// 0, 1 or 2.
    var suspicion: Int
    /// What matched, for moderators.
    var matches: [String]

    /// Whether the prompt would be refused (unless the replacement filter rescues it).
    var isCorrupt: Bool { suspicion >= 2 }
}
