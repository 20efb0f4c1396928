import Foundation

/// Runs a helper program for a test (gzip, the swagger validator) without blocking the test's thread.
enum ProcessRunner {
    /// What a run produced.
    struct Result {
        /// The exit status.
        var status: Int32
        /// Standard output.
        var output: [UInt8]
        /// Standard error, as text.
        var errors: String
    }

    /// Runs `executable` with `arguments`, feeding `input` on standard input; nil when it cannot start.
    static func run(_ executable: String, _ arguments: [String], input: [UInt8] = []) async -> Result? {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                let stdin = Pipe()
                let stdout = Pipe()
                let stderr = Pipe()
                process.standardInput = stdin
                process.standardOutput = stdout
                process.standardError = stderr
                do {
                    try process.run()
                } catch {
                    continuation.resume(returning: nil)
                    return
                }
                // Write and read concurrently so neither pipe fills up and stalls the child.
                DispatchQueue.global().async {
                    stdin.fileHandleForWriting.write(Data(input))
                    try? stdin.fileHandleForWriting.close()
                }
                let errorData = Mutexed<Data>(Data())
                let errorReader = DispatchGroup()
                errorReader.enter()
                DispatchQueue.global().async {
                    errorData.set(stderr.fileHandleForReading.readDataToEndOfFile())
                    errorReader.leave()
                }
                let output = stdout.fileHandleForReading.readDataToEndOfFile()
                errorReader.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: Result(
                        status: process.terminationStatus, output: Array(output),
                        errors: String(decoding: errorData.get(), as: UTF8.self)))
            }
        }
    }
}

/// A value shared between the reader threads of `ProcessRunner`.
final class Mutexed<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// A box holding `value`.
    init(_ value: Value) { self.value = value }

    /// Replaces the value.
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    /// The value.
    func get() -> Value { lock.withLock { value } }
}
