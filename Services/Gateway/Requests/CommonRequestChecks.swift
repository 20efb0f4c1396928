import Foundation
import Messages
import ServiceKit

/// Checks shared by image and text requests.
enum CommonRequestChecks {
    /// At most this many worker ids of a request's list are kept.
    static let maxWorkers = 5

    /// The account may generate at all.
    static func requireActive(_ user: AuthenticatedUser) throws {
        if user.deleted { throw HordeError(.deletedUser, "This account has been marked for deletion and cannot generate.") }
    }

    /// A non-empty prompt.
    static func requirePrompt(_ prompt: String) throws {
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw HordeError(.missingPrompt, "You cannot specify an empty prompt.")
        }
    }

    /// The worker list as ids (the first `maxWorkers`), or a schema error naming the bad entry.
    static func workerIds(_ raw: [String], errors: inout SchemaErrors) -> [UUID] {
        var ids: [UUID] = []
        for (index, text) in raw.prefix(maxWorkers).enumerated() {
            guard let id = UUID(uuidString: text) else {
                errors.add("workers.\(index)", "'\(text.prefix(40))' is not a valid worker id")
                continue
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// Webhook URL: 10–1024 characters, `https://` (or `http://` when the deployment allows it).
    static func webhook(_ url: String?, allowHTTP: Bool, errors: inout SchemaErrors) {
        WebhookValidator(allowHTTP: allowHTTP).check(url, errors: &errors)
    }

    /// Checks that need the user or data this horde does not have yet: styles, proxying, batching trust.
    static func policy(style: String?, proxiedAccount: String?, disableBatching: Bool, n: Int, user: AuthenticatedUser)
        throws
    {
        if proxiedAccount != nil {
            throw HordeError(.onlyServiceAccountProxy, "Only service accounts can provide a proxied_account value.")
        }
        if disableBatching, n > 1, !user.trusted {
            throw HordeError(.requiresTrust, "Only trusted users can disable batching for requests with more than one job.")
        }
        if let style {
            throw HordeError(.styleNotFound, "Style '\(style.prefix(100))' not found.")
        }
    }

    /// Distinct model names in the order sent.
    static func distinct(_ models: [String]) -> [String] {
        var seen = Set<String>()
        return models.filter { seen.insert($0).inserted }
    }
}
