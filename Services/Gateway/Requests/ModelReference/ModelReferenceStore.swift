import Synchronization

/// The model reference the request path reads, swapped whole when a refresh succeeds (readers never see a half
/// loaded list and never wait on a load).
final class ModelReferenceStore: Sendable {
    private let state: Mutex<ModelReference>

    /// A store holding `initial` until the first load.
    init(_ initial: ModelReference = .empty) {
        state = Mutex(initial)
    }

    /// The reference as last loaded.
    var current: ModelReference { state.withLock { $0 } }

    /// Replaces the reference.
    func replace(_ reference: ModelReference) {
        state.withLock { $0 = reference }
    }
}
