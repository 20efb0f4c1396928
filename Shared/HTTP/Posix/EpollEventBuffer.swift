import Glibc
internal import CSystemShims

/// The array `epoll_wait` fills in. Owned by one event loop's thread for the thread's whole life, so the
/// allocation is made once and never shared.
final class EpollEventBuffer {
    private let events: UnsafeMutablePointer<epoll_event>
    /// How many events one `epoll_wait` can return.
    let capacity: Int

    /// Room for `capacity` events per wait.
    init(capacity: Int) {
        self.capacity = capacity
        events = .allocate(capacity: capacity)
        events.initialize(repeating: epoll_event(), count: capacity)
    }

    deinit { events.deallocate() }

    /// The corresponding C function is `epoll_wait`. Returns how many events are ready (0 on timeout or
    /// `EINTR`: the loop simply goes round again).
    func wait(epoll epfd: Int32, timeoutMilliseconds: Int32) -> Int {
        let count = epoll_wait(epfd, events, Int32(capacity), timeoutMilliseconds)
        if count < 0 {
            let error = errno
            if error == EINTR { return 0 }
            preconditionFailure("epoll_wait failed with errno \(error)")
        }
        return Int(count)
    }

    /// The readiness bits and registration key of event `index`.
    func event(at index: Int) -> (events: UInt32, key: UInt64) {
        (events[index].events, horde_epoll_data_u64(events + index))
    }
}
