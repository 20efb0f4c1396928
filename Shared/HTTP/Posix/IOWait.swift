/// Why a wait for readiness ended.
package enum IOWait: Sendable, Equatable {
    /// The descriptor is (probably) ready: retry the call.
    case ready
    /// The wait's deadline passed first.
    case timedOut
    /// The waiting task was cancelled.
    case cancelled
    /// Someone asked idle waiters to stop (graceful shutdown of a server).
    case interrupted
    /// The registration was removed (descriptor closing, or its event loop stopped).
    case closed
}
