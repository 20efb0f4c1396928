import Foundation
import Messages
import Testing

@testable import Gateway

@Suite("Aesthetic ratings")
struct AestheticsRewardTests {
    private let images = [UUID(), UUID(), UUID()]

    private func payload(best: UUID? = nil, _ ratings: [(UUID, Int, Int?)] = []) -> AestheticsPayload {
        AestheticsPayload(
            best: best?.uuidString.lowercased(),
            ratings: ratings.isEmpty ? nil : ratings.map { AestheticRating(id: $0.0.uuidString, rating: $0.1, artifacts: $0.2) })
    }

    @Test func rewardsRatingsArtifactsAndBestOf() throws {
        #expect(try AestheticsReward.reward(payload([(images[0], 7, nil)]), imageIds: images, consumed: 100) == 5)
        #expect(try AestheticsReward.reward(payload([(images[0], 7, 1), (images[1], 3, nil)]), imageIds: images, consumed: 100) == 15)
        #expect(try AestheticsReward.reward(payload(best: images[2]), imageIds: images, consumed: 100) == 15)
    }

    @Test func neverPaysMoreThanTheRequestConsumedMinusOne() throws {
        #expect(try AestheticsReward.reward(payload([(images[0], 7, 2)]), imageIds: images, consumed: 4) == 3)
        #expect(try AestheticsReward.reward(payload(best: images[0]), imageIds: images, consumed: 0.5) == 0)
    }

    @Test func refusesWithTheCatalogueCodes() async {
        await expectHordeError(.aestheticsMissing) {
            _ = try AestheticsReward.reward(AestheticsPayload(), imageIds: images, consumed: 10)
        }
        await expectHordeError(.procGenNotFound) {
            _ = try AestheticsReward.reward(payload([(UUID(), 5, nil)]), imageIds: images, consumed: 10)
        }
        await expectHordeError(.aestheticsDuplicate) {
            _ = try AestheticsReward.reward(payload([(images[0], 5, nil), (images[0], 6, nil)]), imageIds: images, consumed: 10)
        }
        await expectHordeError(.aestheticsSolo) {
            _ = try AestheticsReward.reward(payload(best: images[0]), imageIds: [images[0]], consumed: 10)
        }
        await expectHordeError(.aestheticsConfused) {
            _ = try AestheticsReward.reward(
                payload(best: images[1], [(images[0], 9, nil), (images[1], 2, nil)]), imageIds: images, consumed: 10)
        }
    }

    @Test func schemaLimitsAreValidationErrors() async {
        let error = await expectHordeError(.validationError) {
            try AestheticsReward.validateSchema(
                AestheticsPayload(best: "short", ratings: [AestheticRating(id: UUID().uuidString, rating: 11, artifacts: 6)]))
        }
        #expect(Set(schemaErrors(error).keys) == ["best", "ratings.0.rating", "ratings.0.artifacts"])
    }
}
