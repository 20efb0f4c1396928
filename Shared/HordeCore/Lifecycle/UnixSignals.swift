import Dispatch
import Foundation

/// Delivers SIGTERM/SIGINT as an async sequence, through a dispatch source on a private queue, so signal handling
/// never runs arbitrary code inside a signal handler.
package struct UnixSignals: AsyncSequence, Sendable {
    package typealias Element = Int32
    private let signals: [Int32]

    package init(_ signals: [Int32]) { self.signals = signals }

    package func makeAsyncIterator() -> AsyncStream<Int32>.Iterator {
        let signals = self.signals
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(8))
        let queue = DispatchQueue(label: "horde.signals")
        let sources = signals.map { signo -> any DispatchSourceSignal in
            // The default action would kill the process before the source sees the signal.
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
            source.setEventHandler { continuation.yield(signo) }
            source.resume()
            return source
        }
        let box = SourcesBox(sources)
        continuation.onTermination = { _ in box.cancel() }
        return stream.makeAsyncIterator()
    }
}

/// Keeps dispatch sources alive for the stream's lifetime.
/// `@unchecked Sendable`: the array is set once at init and DispatchSource.cancel is thread-safe.
private final class SourcesBox: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
    func cancel() { sources.forEach { $0.cancel() } }
}
