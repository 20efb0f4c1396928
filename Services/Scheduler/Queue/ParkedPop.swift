import Domain
import Foundation
import Messages

/// An in-cluster worker's pop held open until a matching request arrives or its wait ends.
struct ParkedPop: Sendable {
    /// The pop as the worker sent it.
    let pop: PopRequest
    /// When the pop is answered empty if nothing matched: the end of its wait, never after its deadline.
    let wakeAt: Date
    /// Arrival order: earlier pops are served first.
    let sequence: UInt64
    /// The worker's side of matching, prepared once for every request that arrives while the pop waits.
    let matcher: PopMatcher
}
