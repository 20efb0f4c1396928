import HTTP
import Synchronization

/// A raw TCP server for client tests: every accepted connection runs `script(stream, connectionNumber)`.
/// It counts connections, so tests can see whether the client reused one.
final class ScriptedServer: Sendable {
    private let listener: TCPListener
    private let accepted = AtomicCounter()
    private let acceptLoop: Task<Void, Never>

    /// Listens on an ephemeral port and runs `script` for every connection.
    init(_ script: @escaping @Sendable (TCPStream, Int) async -> Void) throws {
        let listener = try TCPListener()
        self.listener = listener
        let accepted = self.accepted
        acceptLoop = Task {
            await withDiscardingTaskGroup { group in
                while let stream = await listener.acceptStream() {
                    let number = accepted.increment()
                    group.addTask {
                        await script(stream, number)
                        stream.close()
                    }
                }
            }
        }
    }

    deinit { stop() }

    /// The bound port.
    var port: Int { listener.port }
    /// The server's base URL.
    var url: String { "http://127.0.0.1:\(port)" }
    /// How many connections were accepted.
    var connections: Int { accepted.value }

    func stop() {
        listener.close()
        acceptLoop.cancel()
    }
}

/// Reads one request from `stream` (nil at end of stream or on a parse error).
func readRequest(from stream: TCPStream, parser: inout HTTP1Parser) async -> HTTP1Parser.ParsedRequest? {
    var buffer = [UInt8](repeating: 0, count: 8192)
    while true {
        let next: HTTP1Parser.ParsedRequest?
        do { next = try parser.nextRequest() } catch { return nil }
        if let next { return next }
        guard case .bytes(let count) = try? await stream.read(into: &buffer, deadline: .after(.seconds(10))) else {
            return nil
        }
        parser.append(buffer[0..<count])
    }
}

/// Writes `text` (with `\n` as CRLF) to `stream`.
func reply(_ stream: TCPStream, _ text: String) async {
    _ = try? await stream.write(text.crlf, stallTimeout: .seconds(5))
}

/// A shareable counter (an `Atomic` cannot be captured by value).
final class AtomicCounter: Sendable {
    private let count = Atomic<Int>(0)
    /// Adds one and returns the new value.
    func increment() -> Int { count.wrappingAdd(1, ordering: .relaxed).newValue }
    /// The current count.
    var value: Int { count.load(ordering: .relaxed) }
}
