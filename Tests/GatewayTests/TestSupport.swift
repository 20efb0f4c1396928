import Foundation
import Messages
import ServiceKit
import Testing

@testable import Gateway

/// Shared helpers for the gateway tests.
enum TestSupport {
    /// The topic prefix of this test process: the runner's, or a unique one set before anything reads `Topics`, so
    /// runs sharing a broker never see each other's messages. Every test that touches topics reads this first.
    static let topicPrefix: String = {
        if ProcessInfo.processInfo.environment["HORDE_TOPIC_PREFIX"] == nil {
            setenv("HORDE_TOPIC_PREFIX", "gwtest-\(UUID().uuidString.prefix(8).lowercased()).", 1)
        }
        return Topics.prefix
    }()

    /// A registered, untrusted user.
    static func user(id: Int = 7, trusted: Bool = false, moderator: Bool = false, flagged: Bool = false,
        deleted: Bool = false) -> AuthenticatedUser
    {
        AuthenticatedUser(
            id: id, username: "tester", oauthId: UUID().uuidString, moderator: moderator, trusted: trusted,
            flagged: flagged, deleted: deleted, concurrency: 30)
    }

    /// The anonymous account.
    static let anonymous = AuthenticatedUser(
        id: 0, username: "Anonymous", oauthId: "anon", moderator: false, trusted: false, flagged: false, deleted: false,
        concurrency: 500)

    /// Decodes a JSON body the way the handlers do.
    static func body<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONBody.decode(type, from: Array(json.utf8))
    }
}

/// Asserts that `body` throws a `HordeError` with `rc` (and returns it for further checks).
@discardableResult
func expectHordeError(
    _ rc: RC, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> HordeError? {
    do {
        try await body()
        Issue.record("expected \(rc.rawValue), got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as HordeError {
        #expect(error.rc == rc, "got \(error.rc.rawValue): \(error.message)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected \(rc.rawValue), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The `errors` object of a schema error.
func schemaErrors(_ error: HordeError?) -> [String: String] {
    guard case .object(let errors)? = error?.extra["errors"] else { return [:] }
    return errors.compactMapValues(\.stringValue)
}

/// A response body as a JSON tree.
func jsonTree(_ bytes: [UInt8]) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
}
