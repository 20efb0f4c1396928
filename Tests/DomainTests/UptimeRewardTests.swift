import Foundation
import Testing

@testable import Domain

@Suite struct UptimeRewardTests {
    @Test func imageWorkerEarnsFiftyPlusTwoPerModelPlusThirtyForLoras() {
        #expect(UptimeReward.image(servedModels: 0, allowLora: false) == 50)
        #expect(UptimeReward.image(servedModels: 3, allowLora: false) == 56)
        #expect(UptimeReward.image(servedModels: 3, allowLora: true) == 86)
    }

    @Test func unknownTextModelIsHalvedAndNothingElse() {
        // 25 + 15 × 4096 / 1024 = 85; an unvalidated backend costs nothing more when the model is unknown.
        #expect(UptimeReward.text(model: "mystery-model", maxContextLength: 4096, validatedBackend: false) == 42.5)
        #expect(UptimeReward.text(model: "mystery-model", maxContextLength: 4096, validatedBackend: true) == 42.5)
        #expect(UptimeReward.text(model: nil, maxContextLength: 4096, validatedBackend: true) == 42.5)
    }

    @Test func knownTextModelScalesWithParametersOverSeven() {
        // 85 × 14 / 7.
        #expect(UptimeReward.text(model: "koboldcpp/Llama-14B", maxContextLength: 4096, validatedBackend: true) == 170)
        // 85 × 0.3 × 2.
        #expect(UptimeReward.text(model: "koboldcpp/Llama-14B", maxContextLength: 4096, validatedBackend: false) == 51)
    }

    @Test func smallTextModelsEarnAtLeastAQuarter() {
        // 1B / 7 < 0.25: the floor applies (85 × 0.25).
        #expect(UptimeReward.text(model: "tiny-1b", maxContextLength: 4096, validatedBackend: true) == 21.25)
    }

    @Test func contextAboveTheCapEarnsNoMore() {
        let capped = UptimeReward.text(model: "m-7b", maxContextLength: 262_144, validatedBackend: true)
        #expect(capped == 25 + 15 * 256)
        #expect(UptimeReward.text(model: "m-7b", maxContextLength: 1_000_000, validatedBackend: true) == capped)
    }

    @Test func alchemistsEarnForty() {
        #expect(UptimeReward.interrogation == 40)
    }

    @Test func eventIdNamesOneWorkersPeriod() {
        let worker = UUID()
        let end = Date(timeIntervalSince1970: 6_000)
        let id = UptimeReward.eventId(workerId: worker, end: end, intervalSeconds: 600)
        #expect(id == UptimeReward.eventId(workerId: worker, end: end.addingTimeInterval(599), intervalSeconds: 600))
        #expect(id != UptimeReward.eventId(workerId: worker, end: end.addingTimeInterval(600), intervalSeconds: 600))
        #expect(id != UptimeReward.eventId(workerId: UUID(), end: end, intervalSeconds: 600))
    }
}
