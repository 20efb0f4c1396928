import Foundation
import Messages

/// `horde-scheduler bench-alchemy`: how long the alchemy index takes to answer one pop (find the candidates,
/// take the first form out, put it back) with 10 to 100,000 waiting forms, in process (no Postgres or Kafka).
enum InterrogationBench {
    /// Runs the measurement and prints one line per queue size; returns the exit status.
    static func run() async -> Int32 {
        for size in [10, 1_000, 10_000, 100_000] {
            let index = InterrogationIndex()
            let now = Date()
            for number in 0..<size {
                let request = InterrogationCreated(
                    interrogationId: UUID(), userId: number % 500, priority: Double.random(in: 0...1000),
                    sourceURL: "https://example.com/\(number).png", imageTiles: 1 + number % 4,
                    forms: [InterrogationFormSpec(formId: UUID(), name: number % 3 == 0 ? "nsfw" : "caption", kudos: 1, cost: 3)],
                    createdAt: now, expiresAt: now.addingTimeInterval(1200))
                for form in WaitingForm.forms(of: request, waiting: [request.forms[0].formId]) { await index.add(form) }
            }
            let worker = AlchemistProfile(
                workerId: UUID(), name: "bench", ownerId: 100_000, forms: ["caption"], maxTiles: 2, amount: 1)
            var samples: [Double] = []
            for _ in 0..<2_000 {
                let start = ContinuousClock.now
                let (forms, _) = await index.candidates(for: worker, limit: 100)
                if let first = forms.first {
                    await index.remove(first.formId)
                    await index.add(first)
                }
                let elapsed = ContinuousClock.now - start
                samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
            samples.sort()
            let median = samples[samples.count / 2]
            let p99 = samples[samples.count * 99 / 100]
            print("waiting forms \(size): pop matching median \(String(format: "%.1f", median)) µs, p99 \(String(format: "%.1f", p99)) µs")
        }
        return 0
    }
}
