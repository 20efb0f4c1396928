import Foundation
import Messages
import ServiceKit

/// Checks a rating payload against the request's images and prices it: 5 kudos per rating (+5 when artifacts
/// are rated too), 15 for a best-of pick alone, never more than what the request consumed minus 1.
enum AestheticsReward {
    /// The swagger limits of the payload, all problems in one 400.
    static func validateSchema(_ payload: AestheticsPayload) throws {
        var errors = SchemaErrors()
        errors.length(payload.best, "best", min: 36, max: 36)
        for (index, rating) in (payload.ratings ?? []).enumerated() {
            errors.length(rating.id, "ratings.\(index).id", min: 36, max: 36)
            errors.range(rating.rating, "ratings.\(index).rating", 1, 10)
            errors.range(rating.artifacts, "ratings.\(index).artifacts", 0, 5)
        }
        try errors.throwIfAny()
    }

    /// The reward for `payload` on a request whose delivered images are `imageIds` and which consumed `consumed`
    /// kudos, or the catalogue error the reference answers with.
    static func reward(_ payload: AestheticsPayload, imageIds: [UUID], consumed: Double) throws -> Double {
        let ratings = payload.ratings ?? []
        if ratings.isEmpty && payload.best == nil {
            throw HordeError(.aestheticsMissing, "You need to provide either best or ratings.")
        }
        var rated = Set<UUID>()
        for rating in ratings {
            guard let id = UUID(uuidString: rating.id), imageIds.contains(id) else {
                throw HordeError(.procGenNotFound, "Image with ID \(rating.id.prefix(36)) not found in this request.")
            }
            if !rated.insert(id).inserted {
                throw HordeError(.aestheticsDuplicate, "Image with ID \(rating.id.prefix(36)) was rated more than once.")
            }
        }
        if let best = payload.best {
            if imageIds.count < 2 {
                throw HordeError(.aestheticsSolo, "You cannot pick a best-of from a set of a single image.")
            }
            guard let bestId = UUID(uuidString: best), imageIds.contains(bestId) else {
                throw HordeError(.procGenNotFound, "Image with ID \(best.prefix(36)) not found in this request.")
            }
            if ratings.count >= 2, let top = ratings.map(\.rating).max(),
                let bestRating = ratings.first(where: { UUID(uuidString: $0.id) == bestId })?.rating, bestRating < top
            {
                throw HordeError(.aestheticsConfused, "The best-of image is not among the highest rated images.")
            }
        }
        var reward = ratings.reduce(0.0) { sum, rating in sum + 5 + (rating.artifacts == nil ? 0 : 5) }
        if ratings.isEmpty { reward = 15 }
        return max(0, min(reward, consumed - 1))
    }
}
