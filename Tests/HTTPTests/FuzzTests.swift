import HTTP
import Synchronization
import Testing

/// Throws thousands of random and mutated byte sequences at the parser and at a live server. Nothing may
/// crash or hang; garbage must end in a 4xx/5xx response or a closed connection.
@Suite struct FuzzTests {
    static let errorStatuses: Set<Int> = [400, 408, 413, 414, 431, 505]

    /// Valid requests that mutations start from.
    static let seeds: [[UInt8]] = [
        "GET /api/v2/status/heartbeat HTTP/1.1\nHost: h\nAccept: */*\n\n".crlf,
        "POST /api/v2/generate/async HTTP/1.1\nHost: h\nContent-Type: application/json\nContent-Length: 13\n\n{\"prompt\":1}\n".crlf,
        "PUT /x HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n4\nabcd\n2;e=f\nxy\n0\nT: 1\n\n".crlf,
        "GET /a HTTP/1.1\nHost: h\n\nGET /b?c=d HTTP/1.1\nHost: h\nConnection: close\n\n".crlf,
        "GET /old HTTP/1.0\nConnection: keep-alive\n\n".crlf,
    ]

    /// Random bytes: uniform, or text-like with line breaks and separators mixed in.
    static func randomBytes(_ generator: inout SplitMix64) -> [UInt8] {
        let length = Int(generator.next() % 600) + 1
        let textLike = generator.next() % 2 == 0
        let alphabet = Array("GET POST / HTTP/1.1 Host: abc 0123456789 :;,\r\n\r\n\t chunked Content-Length".utf8)
        return (0..<length).map { _ in
            textLike ? alphabet[Int(generator.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: generator.next())
        }
    }

    /// A seed with a few random edits: flipped, inserted, deleted or duplicated bytes.
    static func mutated(_ generator: inout SplitMix64) -> [UInt8] {
        var bytes = seeds[Int(generator.next() % UInt64(seeds.count))]
        for _ in 0...(generator.next() % 4) where !bytes.isEmpty {
            let index = Int(generator.next() % UInt64(bytes.count))
            switch generator.next() % 5 {
            case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            case 1: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: index)
            case 2: bytes.remove(at: index)
            case 3:
                let end = min(bytes.count, index + Int(generator.next() % 16) + 1)
                bytes.insert(contentsOf: bytes[index..<end], at: index)
            default: bytes[index] = [0x0D, 0x0A, 0x20, 0x3A, 0x00][Int(generator.next() % 5)]
            }
        }
        return bytes
    }

    // The parser loops are long and synchronous: they yield now and then so that other suites running in
    // the same process keep their timers.
    @Test func parserSurvivesRandomBytes() async {
        var generator = SplitMix64(seed: 0xF00D)
        var rejected = 0
        for round in 0..<5000 {
            if round % 10 == 0 { await Task.yield() }
            let bytes = Self.randomBytes(&generator)
            let cut = Int(generator.next() % UInt64(bytes.count + 1))
            let outcome = parse(bytes, cuts: [cut])
            #expect(outcome.requests.isEmpty)
            if let error = outcome.error {
                rejected += 1
                #expect(Self.errorStatuses.contains(error.status))
            }
        }
        #expect(rejected > 4000)
    }

    @Test func parserIsConsistentOnMutatedRequests() async {
        var generator = SplitMix64(seed: 0xBEEF)
        for round in 0..<5000 {
            if round % 10 == 0 { await Task.yield() }
            let bytes = Self.mutated(&generator)
            let whole = parse(bytes)
            if let error = whole.error { #expect(Self.errorStatuses.contains(error.status)) }
            let cuts = (0..<3).map { _ in Int(generator.next() % UInt64(bytes.count + 1)) }.sorted()
            let pieces = parse(bytes, cuts: cuts)
            #expect(pieces == whole)
            if pieces != whole { return }
        }
    }

    @Test func liveServerAnswersGarbageWithErrorsOrCloses() async throws {
        let configure: (inout HTTPServerConfig) -> Void = {
            $0.headerReadTimeout = .milliseconds(200)
            $0.idleTimeout = .milliseconds(200)
            $0.bodyReadTimeout = .milliseconds(200)
            $0.maxBodyBytes = 64 * 1024
        }
        try await withServer(configure, handler: { request in .text(200, request.path) }) { port, _ in
            var generator = SplitMix64(seed: 0xC0FFEE)
            let inputs: [(bytes: [UInt8], garbage: Bool)] = (0..<1500).map { index in
                index % 2 == 0 ? (Self.randomBytes(&generator), true) : (Self.mutated(&generator), false)
            }
            let failures = Collector()
            // Modest concurrency keeps this test from starving other suites that share the process.
            for batchStart in stride(from: 0, to: inputs.count, by: 20) {
                await withTaskGroup(of: Void.self) { group in
                    for index in batchStart..<min(inputs.count, batchStart + 20) {
                        let input = inputs[index]
                        group.addTask {
                            do {
                                let client = try await RawClient(port: port)
                                _ = try? await client.stream.write(input.bytes, stallTimeout: .seconds(2))
                                let (responses, closed) = try await client.responses(10, timeout: .seconds(10))
                                var problems: [String] = []
                                if !closed { problems.append("connection still open") }
                                for response in responses where input.garbage || response.status != 200 {
                                    if !Self.errorStatuses.contains(response.status) {
                                        problems.append("status \(response.status)")
                                    }
                                }
                                if !problems.isEmpty { failures.add("#\(index): \(problems)") }
                            } catch {
                                failures.add("#\(index): \(error)")
                            }
                        }
                    }
                }
            }
            let found = failures.items
            #expect(found.isEmpty, "\(found.prefix(10))")

            let client = try await RawClient(port: port)
            try await client.send("GET /still-alive HTTP/1.1\nHost: h\n\n".crlf)
            #expect(try await client.response()?.text == "/still-alive")
        }
    }
}

/// Collects messages from concurrent tasks.
final class Collector: Sendable {
    private let storage = Mutex<[String]>([])
    /// Records one message.
    func add(_ item: String) { storage.withLock { $0.append(item) } }
    /// Every message so far.
    var items: [String] { storage.withLock { $0 } }
}
