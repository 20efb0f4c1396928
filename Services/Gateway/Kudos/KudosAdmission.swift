import Domain
import Foundation
import HordeCore
import Messages
import ServiceKit

/// Upfront-kudos admission on the async path (HORDE_RULES 4.5). A request that needs upfront kudos is admitted
/// when the requester's available kudos (mirrored balance − floor; open holds already left the balance) cover the
/// estimate, and the estimate is then reserved with the ledger (`kudos.reserve`, hold `upfront:<request id>`: the
/// request's settlements draw on it and the ledger releases the rest when the request finishes). Otherwise it is
/// refused with 403 `KudosUpfront`, or, with `allow_downgrade`, shrunk to a request that needs nothing upfront.
///
/// The queue figures (R and T) come from the scheduler's snapshot in Redis: image threads are approximated by the
/// largest worker count of any image model, queued jobs by the sum over models; with no snapshot R = 1024 and
/// T = 512.
struct KudosAdmission: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// The image request to queue: `request` itself (with its estimate reserved when it needs upfront kudos), or
    /// its downgrade.
    func image(_ request: ValidatedImageRequest, user: AuthenticatedUser, requestId: UUID) async throws
        -> ValidatedImageRequest
    {
        let params = request.input.params
        let spec = ImageRequestPlan.jobSpec(request)
        let lcm = params.samplerName == "lcm" || (params.loras ?? []).contains {
            $0.isVersion ? UpfrontKudos.lcmLoraVersions.contains($0.name) : UpfrontKudos.lcmLoraModels.contains($0.name)
        }
        let facts = UpfrontKudos.ImageRequest(
            width: params.width, height: params.height, accurateSteps: spec.accurateSteps,
            slowWorkers: request.input.slowWorkers, lcm: lcm, controlNet: params.controlType != nil,
            modelsMaxSteps: [40])
        let snapshot = await queueFigures()
        let limit = UpfrontKudos.resolutionLimit(
            activeImageThreads: snapshot.imageThreads, queuedImageJobs: snapshot.imageJobs,
            baselines: request.models.map(context.modelReference.current.baseline(ofImage:)))
        guard UpfrontKudos.imageNeedsUpfront(facts, limit: limit) else { return request }
        let estimate = ImagePricing.dryRunKudos(
            spec, n: params.n, hasModels: !request.models.isEmpty, slowWorkers: request.input.slowWorkers,
            workerBlacklist: request.input.workerBlacklist)
        if try await reserve(estimate, user: user, requestId: requestId) { return request }
        guard request.input.allowDowngrade else { throw Self.refusal(estimate) }
        var downgraded = request
        let shrunk = UpfrontKudos.downgrade(facts, limit: limit)
        let stepFactor = max(1, spec.accurateSteps / max(params.steps, 1))
        downgraded.input.params.width = shrunk.width
        downgraded.input.params.height = shrunk.height
        downgraded.input.params.steps = max(1, min(params.steps, shrunk.steps / stepFactor))
        downgraded.input.slowWorkers = true
        return downgraded
    }

    /// The text request to queue: `request` itself (reserved when needed), or one with max_length lowered to T.
    func text(_ request: ValidatedTextRequest, user: AuthenticatedUser, requestId: UUID) async throws
        -> ValidatedTextRequest
    {
        let params = request.input.params
        let snapshot = await queueFigures()
        let limit = UpfrontKudos.textLengthLimit(textThreads: snapshot.textThreads, queuedTextJobs: snapshot.textJobs)
        guard UpfrontKudos.textNeedsUpfront(slowWorkers: request.input.slowWorkers, maxLength: params.maxLength, limit: limit)
        else { return request }
        let highest = request.models.compactMap(TextPricing.parametersFromName).max()
            ?? (request.models.isEmpty ? nil : 13)
        let estimate = TextPricing.upfrontEstimate(maxLength: params.maxLength, highestBillions: highest, n: params.n)
        if try await reserve(estimate, user: user, requestId: requestId) { return request }
        guard request.input.allowDowngrade else { throw Self.refusal(estimate) }
        var downgraded = request
        downgraded.input.params.maxLength = min(params.maxLength, limit)
        downgraded.input.slowWorkers = true
        return downgraded
    }

    /// The 403 `KudosUpfront` for a request whose estimate the requester cannot cover.
    static func refusal(_ estimate: Double) -> HordeError {
        HordeError(
            .kudosUpfront,
            "This request requires \(estimate) kudos to fulfil. Please get more kudos, set allow_downgrade, or "
                + "lower the request's size, steps or length.")
    }

    /// Reserves `estimate` for the request when the user can afford it; false when they cannot.
    private func reserve(_ estimate: Double, user: AuthenticatedUser, requestId: UUID) async throws -> Bool {
        guard let cents = LedgerAmount.cents(estimate), cents > 0 else { return true }
        let available = try await context.balances.availableCents(ofUser: user.id, oauthId: user.oauthId)
        guard available >= cents else { return false }
        let holdId = KudosReservation.upfrontHoldId(requestId)
        let reservation = KudosReservation(
            eventId: DeterministicID.make("kudos-reserve", holdId), holdId: holdId, userId: user.id, amount: estimate,
            at: Date())
        try await context.publisher.publish(
            Topics.ledgerCommands, key: AccountRef.user(user.id).description, LedgerCommand.reserve(reservation),
            eventId: reservation.eventId)
        context.balances.forget(.user(user.id))
        return true
    }

    /// Image and text threads and queued jobs from the scheduler's snapshot (zeros without one).
    private func queueFigures() async -> (imageThreads: Int, imageJobs: Int, textThreads: Int, textJobs: Int) {
        // The replica's memo of the snapshot (at most a second old), not a Redis read and a decode per request.
        guard let snapshot = await context.queueSnapshot.snapshot() else { return (0, 0, 0, 0) }
        let images = snapshot.models.filter { $0.kind == "image" }
        let texts = snapshot.models.filter { $0.kind == "text" }
        return (
            images.map(\.workers).max() ?? 0, images.reduce(0) { $0 + $1.queuedJobs },
            texts.map(\.workers).max() ?? 0, texts.reduce(0) { $0 + $1.queuedJobs }
        )
    }
}
