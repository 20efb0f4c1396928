import Foundation
import HTTP
import HordeCore

/// `horde-bench`: end-to-end figures measured against a running horde.
///
///     horde-bench latency --url http://127.0.0.1:7001 --key KEY [--requests 100] [--kind text|image]
///     horde-bench load --url http://127.0.0.1:7001 --path /api/v2/status/heartbeat [--connections 64] [--seconds 10]
@main
struct BenchMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = arguments.first else {
            print(usage)
            exit(2)
        }
        let options = Options(arguments.dropFirst())
        do {
            switch command {
            case "latency": try await LatencyBench(options: options).run()
            case "load": try await LoadBench(options: options).run()
            case "cycles": try await CycleBench(options: options).run()
            case "rate": try await RateBench(options: options).run()
            case "json": try JSONBench(options: options).run()
            default:
                print(usage)
                exit(2)
            }
        } catch {
            FileHandle.standardError.write(Data("horde-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static let usage = """
        usage: horde-bench latency --url URL --key KEY [--requests N] [--kind text|image]
               horde-bench load --url URL [--path PATH] [--connections N] [--seconds S]
               horde-bench cycles --url URL --key KEY [--workers 16] [--requests N] [--n 20] [--seconds S]
               horde-bench rate --url URL --key KEY [--kind text|image|check] [--rate R] [--seconds S] [--connections N]
                                 [--warmup S] [--timeline 1]
               horde-bench json [--iterations N]
        """
}

/// `--name value` pairs.
struct Options {
    private var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else { continue }
            values[String(argument.dropFirst(2))] = iterator.next() ?? ""
        }
    }

    func string(_ name: String, _ fallback: String) -> String { values[name] ?? fallback }
    func int(_ name: String, _ fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }
}

/// Percentiles of a sample, in milliseconds.
struct Summary: CustomStringConvertible {
    let count: Int
    let median: Double
    let p90: Double
    let p99: Double
    let max: Double

    init(_ samples: [Duration]) {
        let sorted = samples.map { $0.seconds * 1000 }.sorted()
        func at(_ fraction: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }
        count = sorted.count
        median = at(0.5)
        p90 = at(0.9)
        p99 = at(0.99)
        max = sorted.last ?? 0
    }

    var description: String {
        String(format: "n=%d median=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms", count, median, p90, p99, max)
    }
}
