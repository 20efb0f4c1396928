import Foundation
import Messages
import Synchronization

/// Recently queued requests as the gateway sent them, so settling a job does not decode its request's stored JSON
/// again. A request never changes once created, so an entry can't go stale; the oldest entries make room for new
/// ones, and a miss only costs the decode.
final class RequestCreatedCache: Sendable {
    private struct State {
        var entries: [UUID: RequestCreated] = [:]
        var order: [UUID] = []
        var head = 0
    }
    private let state = Mutex(State())
    private let capacity: Int

    /// A cache holding at most `capacity` requests.
    init(capacity: Int = 16_384) { self.capacity = max(1, capacity) }

    /// The request with `id`, if cached.
    func request(_ id: UUID) -> RequestCreated? { state.withLock { $0.entries[id] } }

    /// Remembers `requests`, evicting the oldest entries beyond the capacity.
    func remember(_ requests: some Sequence<RequestCreated>) {
        state.withLock { state in
            for request in requests where state.entries.updateValue(request, forKey: request.requestId) == nil {
                state.order.append(request.requestId)
            }
            while state.entries.count > capacity, state.head < state.order.count {
                state.entries[state.order[state.head]] = nil
                state.head += 1
            }
            // The evicted prefix is dropped once it outweighs what is left.
            if state.head > capacity {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }
}
