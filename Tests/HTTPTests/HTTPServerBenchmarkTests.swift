import Foundation
import HTTP
import Testing

/// Keep-alive throughput of the server with a trivial handler, measured with `wrk -t2 -c64 -d10s`.
/// Opt-in, and meaningful only in a release build:
/// `HORDE_HTTP_BENCH=1 swift test -c release --filter HTTPServerBenchmarkTests`
/// (`HORDE_HTTP_BENCH_MIN` sets the requests/second it must reach; default 10,000).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HORDE_HTTP_BENCH"] != nil), .serialized)
struct HTTPServerBenchmarkTests {
    @Test func wrkKeepAliveThroughput() async throws {
        let environment = ProcessInfo.processInfo.environment
        let minimum = Double(environment["HORDE_HTTP_BENCH_MIN"] ?? "") ?? 10_000
        let seconds = Int(environment["HORDE_HTTP_BENCH_SECONDS"] ?? "") ?? 10
        let body = Array("Hello, World!".utf8)
        let result = try await withServer(handler: { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: body)
        }) { port, _ in
            let cpuBefore = clock()
            let output = try await runWrk(["-t2", "-c64", "-d\(seconds)s", "http://127.0.0.1:\(port)/"])
            let cpuSeconds = Double(clock() - cpuBefore) / Double(CLOCKS_PER_SEC)
            return (output, cpuSeconds)
        }
        let (output, cpuSeconds) = result
        print(output)
        let perSecond = value(after: "Requests/sec:", in: output)
        let total = value(before: "requests in", in: output)
        if total > 0 {
            print("server CPU per request: \(String(format: "%.2f", cpuSeconds / total * 1e6)) µs")
        }
        #expect(perSecond >= minimum, "\(perSecond) requests/s")
    }

    /// Runs wrk to completion without blocking a cooperative thread.
    private func runWrk(_ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }

    private func value(after label: String, in text: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }) else { return 0 }
        return Double(line.replacingOccurrences(of: label, with: "").trimmingCharacters(in: .whitespaces)) ?? 0
    }

    private func value(before label: String, in text: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }) else { return 0 }
        return Double(line.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? 0
    }
}
