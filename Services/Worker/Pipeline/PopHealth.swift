import Synchronization

/// Whether the worker's last pop got through, for `/readyz`: a worker that cannot reach its job source is alive
/// but not doing its job.
final class PopHealth: Sendable {
    private let state = Atomic<Int>(0)  // 0 = no pop yet, 1 = last pop answered, 2 = last pop failed

    /// No pop yet: not healthy.
    init() {}

    /// A pop was answered.
    func recordSuccess() { state.store(1, ordering: .relaxed) }
    /// A pop failed.
    func recordFailure() { state.store(2, ordering: .relaxed) }

    /// True once a pop was answered and none failed since.
    var isHealthy: Bool { state.load(ordering: .relaxed) == 1 }
}
