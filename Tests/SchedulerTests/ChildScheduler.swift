import Foundation
import Glibc

/// The real `horde-scheduler` executable run as a child process, so a test can SIGKILL it at any moment and
/// start it again.
final class ChildScheduler: @unchecked Sendable {
    // @unchecked: `process` is only replaced by `start()` and read by `kill`/`stop`, which the test calls
    // sequentially from one task; nothing else touches it.
    private var process: Process?
    private let executable: URL
    private let environment: [String: String]
    let logFile: URL

    /// The built executable: `HORDE_BIN_DIR` (set by the test runner), else next to the test bundle.
    static func locateExecutable() -> URL? {
        var folders: [URL] = []
        if let bin = ProcessInfo.processInfo.environment["HORDE_BIN_DIR"] { folders.append(URL(fileURLWithPath: bin)) }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        folders.append(testBinary.deletingLastPathComponent())
        folders.append(testBinary.deletingLastPathComponent().deletingLastPathComponent())
        return folders.map { $0.appendingPathComponent("horde-scheduler") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    init(executable: URL, environment: [String: String]) {
        self.executable = executable
        self.environment = environment
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("horde-scheduler-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
    }

    func start() throws {
        let process = Process()
        process.executableURL = executable
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let log = try FileHandle(forWritingTo: logFile)
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// SIGKILL: no shutdown code runs, offsets stored but not committed are lost, transactions in flight roll back.
    func kill() async {
        await signal(SIGKILL)
    }

    /// SIGTERM: graceful shutdown.
    func stop() async {
        await signal(SIGTERM)
    }

    private func signal(_ signal: Int32) async {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, signal)
        // waitUntilExit blocks: wait on a Dispatch thread, never on the cooperative pool.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    /// The last lines the child logged (for failure messages).
    func tail(_ lines: Int = 20) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
