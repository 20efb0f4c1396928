import Synchronization

/// A one-way switch a background service flips when it becomes ready (`/readyz` reads it).
final class ReadyFlag: Sendable {
    private let value = Atomic<Bool>(false)

    /// A flag that is not set.
    init() {}

    /// Marks ready.
    func set() { value.store(true, ordering: .releasing) }

    /// True once `set()` ran.
    var isSet: Bool { value.load(ordering: .acquiring) }
}
