import Foundation
import Messages
import ServiceKit

/// An alchemy request that passed validation, with the parser defaults applied.
struct ValidatedInterrogation: Sendable, Equatable {
    /// The forms in the order sent, duplicates (by name) dropped.
    var forms: [ModelInterrogationFormStable]
    /// The source image.
    var source: InterrogationSource
    /// Only trusted workers.
    var trustedWorkers: Bool
    /// Slow workers allowed.
    var slowWorkers: Bool
    /// Called once per delivered form.
    var webhook: String?
}

/// Validates `POST /v2/interrogate/async` bodies.
enum InterrogationRequestValidator {
    /// Checks the body; schema problems are one 400 `ValidationError` listing them all; image problems have
    /// their own rcs.
    static func validate(_ input: ModelInterrogationInputStable, allowHTTPWebhooks: Bool) throws -> ValidatedInterrogation {
        var errors = SchemaErrors()
        if input.forms.isEmpty { errors.add("forms", "At least one form is required") }
        let allowed = Set(ModelInterrogationFormStable.names)
        for (index, form) in input.forms.enumerated() {
            errors.oneOf(form.name, "forms.\(index).name", allowed)
            if let payload = form.payload, payload.objectValue == nil {
                errors.add("forms.\(index).payload", "Expected an object")
            }
        }
        CommonRequestChecks.webhook(input.webhook, allowHTTP: allowHTTPWebhooks, errors: &errors)
        if input.sourceImage.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.add("source_image", "A source image is required")
        }
        try errors.throwIfAny()
        let source = try InterrogationSource.parse(input.sourceImage)
        if source.tiles > InterrogationSource.maxTiles {
            throw HordeError(
                .sourceImageResolutionExceeded,
                "The source image has \(source.tiles) tiles of 512x512: at most \(InterrogationSource.maxTiles) are allowed.")
        }
        var seen = Set<String>()
        let forms = input.forms.filter { seen.insert($0.name).inserted }
        return ValidatedInterrogation(
            forms: forms, source: source, trustedWorkers: input.trustedWorkers, slowWorkers: input.slowWorkers,
            webhook: input.webhook)
    }

    /// The scheduler's view of the request: ids, prices and matching fields.
    /// Forms named in `cached` are answered from the result cache: free, and done from the start.
    static func created(
        _ validated: ValidatedInterrogation, id: UUID, user: AuthenticatedUser, priority: Double, now: Date,
        ttl: Duration, cached: Set<String> = []
    ) -> InterrogationCreated {
        let tiles = validated.source.tiles
        let forms = validated.forms.map { form in
            if cached.contains(form.name) {
                return InterrogationFormSpec(
                    formId: UUID(), name: form.name, payload: form.payload, kudos: 0, cost: 0, cached: true)
            }
            let price = InterrogationPricing.price(form: form.name, tiles: tiles)
            return InterrogationFormSpec(
                formId: UUID(), name: form.name, payload: form.payload, kudos: price,
                cost: InterrogationPricing.cost(price: price, slowWorkers: validated.slowWorkers))
        }
        return InterrogationCreated(
            interrogationId: id, userId: user.id, userTrusted: user.trusted, priority: priority,
            sourceURL: validated.source.url, imageTiles: tiles, trustedWorkers: validated.trustedWorkers,
            slowWorkers: validated.slowWorkers, safeIP: true, forms: forms, webhook: validated.webhook,
            createdAt: now, expiresAt: now.addingTimeInterval(ttl.seconds))
    }
}
