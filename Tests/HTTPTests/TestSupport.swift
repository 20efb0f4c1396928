import Foundation
import HTTP
import HordeCore
import Testing

/// A logger that keeps quiet unless a test fails loudly enough to need it.
let quietLogger = Logger(label: "http.test", level: .critical)

/// Runs `body` against a live server on an ephemeral port, then shuts it down gracefully.
func withServer<Result: Sendable>(
    _ configure: (inout HTTPServerConfig) -> Void = { _ in },
    handler: @escaping HTTPHandler,
    _ body: (_ port: Int, _ server: HTTPServer) async throws -> Result
) async throws -> Result {
    var config = HTTPServerConfig()
    configure(&config)
    let server = HTTPServer(config: config, logger: quietLogger, handler: handler)
    let port = try await server.start()
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        do {
            let result = try await body(port, server)
            await server.shutdown()
            try await group.waitForAll()
            return result
        } catch {
            await server.shutdown()
            try? await group.waitForAll()
            throw error
        }
    }
}

/// A raw TCP client for sending exact bytes (pipelining, malformed requests, slow clients) and reading the
/// responses back with the response parser.
final class RawClient: Sendable {
    /// The connection to the server.
    let stream: TCPStream

    /// Connects to the server on `port` at 127.0.0.1.
    init(port: Int) async throws {
        stream = try await TCPStream.connect(host: "127.0.0.1", port: port, timeout: .seconds(10))
    }

    deinit { stream.close() }

    /// Sends `text` as is (no CRLF conversion).
    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    /// Sends exactly these bytes.
    func send(_ bytes: [UInt8]) async throws {
        let outcome = try await stream.write(bytes, stallTimeout: .seconds(5))
        #expect(outcome == .written)
    }

    /// Reads until `count` responses arrived, the server closed, or `timeout` passed.
    /// `headRequests` marks which of the responses answer HEAD requests (no body).
    func responses(
        _ count: Int, timeout: Duration = .seconds(15), headRequests: Set<Int> = []
    ) async throws -> (responses: [HTTP1Parser.ParsedResponse], closed: Bool) {
        var parser = HTTP1Parser(kind: .response)
        var result: [HTTP1Parser.ParsedResponse] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let deadline = Deadline.after(timeout)
        parser.nextResponseHasNoBody = headRequests.contains(0)
        while result.count < count {
            if let response = try parser.nextResponse() {
                result.append(response)
                parser.nextResponseHasNoBody = headRequests.contains(result.count)
                continue
            }
            switch try await stream.read(into: &buffer, deadline: deadline) {
            case .bytes(let n): parser.append(buffer[0..<n])
            case .end:
                if let last = try? parser.finish() { result.append(last) }
                return (result, true)
            case .timedOut, .interrupted, .cancelled:
                return (result, false)
            }
        }
        return (result, false)
    }

    /// Reads one response.
    func response(timeout: Duration = .seconds(15)) async throws -> HTTP1Parser.ParsedResponse? {
        try await responses(1, timeout: timeout).responses.first
    }

    /// Whether the server closes the connection (end of stream or reset) within `timeout`, discarding data.
    func closedByServer(within timeout: Duration) async -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Deadline.after(timeout)
        while true {
            do {
                switch try await stream.read(into: &buffer, deadline: deadline) {
                case .bytes: continue
                case .end: return true
                case .timedOut, .interrupted, .cancelled: return false
                }
            } catch {
                return true
            }
        }
    }
}

/// The JSON error body fields of a server error response.
struct ErrorBody: Decodable, Equatable {
    /// The `message` field.
    let message: String
    /// The `rc` field.
    let rc: String
}

/// The decoded `{"message","rc"}` body of `response`, if it has one.
func errorBody(_ response: HTTP1Parser.ParsedResponse?) -> ErrorBody? {
    guard let response else { return nil }
    return try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
}

extension HTTP1Parser.ParsedResponse {
    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension String {
    /// The bytes of this text with `\n` turned into CRLF, for writing requests readably.
    var crlf: [UInt8] { Array(replacingOccurrences(of: "\n", with: "\r\n").utf8) }
}
