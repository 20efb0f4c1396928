import Foundation
import Messages

/// Turns the scheduler's `PopReply` into the swagger shapes of the pop answers.
enum PopResponseBuilder {
    /// The image pop answer: the assignment, or `{id: null, ids: [], skipped}` with the reference's
    /// always-present skip reasons (0 when none) overlaid with the scheduler's counts; either way with the
    /// worker's active `messages`.
    static func image(_ reply: PopReply?, messages: [ResponseModelMessagePop] = []) -> GenerationPayloadStable {
        guard let assignment = reply?.assignment else {
            var skipped = Dictionary(uniqueKeysWithValues: GenerationPayloadStable.alwaysSkippedKeys.map { ($0, 0) })
            skipped.merge(reply?.skipped ?? [:]) { _, new in new }
            return GenerationPayloadStable(messages: messages, skipped: skipped)
        }
        return GenerationPayloadStable(
            payload: assignment.payload, id: assignment.jobIds.first?.apiString,
            ids: assignment.jobIds.map(\.apiString), messages: messages, ttl: assignment.ttlSeconds, skipped: [:],
            model: assignment.model)
    }

    /// The text pop answer; the soft prompt travels inside the queued payload and is lifted to the top level.
    static func text(_ reply: PopReply?, messages: [ResponseModelMessagePop] = []) -> GenerationPayloadKobold {
        guard let assignment = reply?.assignment else {
            return GenerationPayloadKobold(messages: messages, skipped: reply?.skipped ?? [:])
        }
        var payload = assignment.payload
        var softprompt = ""
        if case .object(var object) = payload {
            softprompt = object.removeValue(forKey: TextRequestPlan.softpromptKey)?.stringValue ?? ""
            payload = .object(object)
        }
        return GenerationPayloadKobold(
            payload: payload, id: assignment.jobIds.first?.apiString, ids: assignment.jobIds.map(\.apiString),
            messages: messages, ttl: assignment.ttlSeconds, skipped: [:], softprompt: softprompt,
            model: assignment.model)
    }
}
