import Foundation

/// Starts the long-lived threads the services own (event loops, database sessions, Kafka pollers) under a name
/// the operating system shows: Foundation keeps a thread's `name` to itself on Linux, so without this every such
/// thread inherits its creator's name and `top -H`, `perf` and `/proc` cannot tell them apart.
package enum DedicatedThread {
    /// Starts `body` on a new thread called `name` (the kernel keeps the first 15 bytes).
    package static func start(name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            Thread.current.name = name
            body()
        }
        thread.name = name
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }
}
