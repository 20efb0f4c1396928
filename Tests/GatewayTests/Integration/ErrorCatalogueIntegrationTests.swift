import Foundation
import HTTP
import Messages
import Postgres
import Testing

@testable import Gateway

/// Walks the error paths reachable through the router with plain requests and checks each answer: the rc's HTTP
/// status and a `{"message", "rc"}` body.
@Suite("Error catalogue through the router", .enabled(if: integrationEnabled), .serialized)
struct ErrorCatalogueIntegrationTests {
    /// One request expected to fail with `rc`.
    struct Case: Sendable {
        var method: HTTPMethod
        var path: String
        var json: String?
        var key: Key
        var rc: RC
        var headers: [(String, String)] = []
    }

    /// Which key a case sends.
    enum Key: Sendable { case none, anonymous, user, trusted, moderator, bogus }

    @Test func everyReachableErrorPathAnswersItsRc() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("user")
            let trusted = try await stack.createUser("trusted", trusted: true)
            let moderator = try await stack.createUser("moderator", moderator: true)
            let worker = try await stack.insertWorker("someone-elses", ownerId: trusted.id)
            let nul = #"{"prompt": "a\u0000cat"}"#
            let unknown = UUID().uuidString
            let cases: [Case] = [
                Case(method: .GET, path: "/api/v2/nowhere", key: .none, rc: .notFound),
                Case(method: .PATCH, path: "/api/v2/users", key: .none, rc: .methodNotAllowed),
                Case(method: .POST, path: "/api/v2/generate/async", json: "{not json", key: .user, rc: .badRequest),
                Case(method: .POST, path: "/api/v2/generate/async", json: "[]", key: .user, rc: .validationError),
                Case(method: .POST, path: "/api/v2/generate/async", json: nul, key: .user, rc: .nulByteInPayload),
                Case(method: .POST, path: "/api/v2/generate/async", json: #"{"prompt": " "}"#, key: .user, rc: .missingPrompt),
                Case(method: .POST, path: "/api/v2/generate/async", json: #"{"prompt": "a cat"}"#, key: .bogus, rc: .invalidAPIKey),
                Case(method: .POST, path: "/api/v2/generate/async", json: #"{"prompt": "a cat"}"#, key: .user,
                     rc: .bannedClientAgent, headers: [("Client-Agent", "My-Project:v0.0.1:My-Contact")]),
                Case(method: .GET, path: "/api/v2/users/nope", key: .none, rc: .userNotFound),
                Case(method: .GET, path: "/api/v2/users?page=0", key: .none, rc: .validationError),
                Case(method: .GET, path: "/api/v2/find_user", key: .bogus, rc: .userNotFound),
                Case(method: .PUT, path: "/api/v2/users/\(user.id)", json: #"{"kudos": 5}"#, key: .moderator, rc: .notAdmin),
                Case(method: .PUT, path: "/api/v2/users/\(user.id)", json: #"{"trusted": true}"#, key: .user, rc: .notModerator),
                Case(method: .PUT, path: "/api/v2/users/\(user.id)", json: "{}", key: .user, rc: .noUserModSelected),
                Case(method: .PUT, path: "/api/v2/users/0", json: #"{"contact": "hello"}"#, key: .moderator, rc: .anonForbiddenUserMod),
                Case(method: .DELETE, path: "/api/v2/users/\(user.id)", key: .anonymous, rc: .anonForbiddenUser),
                Case(method: .DELETE, path: "/api/v2/users/\(user.id)", key: .trusted, rc: .notUserOrMod),
                Case(method: .DELETE, path: "/api/v2/users/\(moderator.id)", key: .moderator, rc: .cannotDeleteMod),
                Case(method: .GET, path: "/api/v2/workers/\(unknown)", key: .none, rc: .workerNotFound),
                Case(method: .GET, path: "/api/v2/workers?type=nope", key: .none, rc: .validationError),
                Case(method: .PUT, path: "/api/v2/workers/\(worker.apiString)", json: #"{"paused": true}"#, key: .trusted, rc: .notModerator),
                Case(method: .PUT, path: "/api/v2/workers/\(worker.apiString)", json: "{}", key: .trusted, rc: .noWorkerModSelected),
                Case(method: .PUT, path: "/api/v2/workers/\(worker.apiString)", json: #"{"info": "x"}"#, key: .anonymous, rc: .anonForbiddenWorker),
                Case(method: .DELETE, path: "/api/v2/workers/\(worker.apiString)", key: .user, rc: .notModerator),
                Case(method: .POST, path: "/api/v2/workers/messages", json: #"{"worker_id": "\#(worker.apiString)", "message": "hi"}"#,
                     key: .user, rc: .messagesOnlyOwnWorkers),
                Case(method: .GET, path: "/api/v2/workers/messages/\(unknown)", key: .none, rc: .workermessageNotFound),
                Case(method: .POST, path: "/api/v2/teams", json: #"{"name": "Team"}"#, key: .user, rc: .untrustedTeamCreation),
                Case(method: .GET, path: "/api/v2/teams/\(unknown)", key: .none, rc: .teamNotFound),
                Case(method: .PATCH, path: "/api/v2/teams/\(unknown)", json: #"{"name": "Team"}"#, key: .moderator, rc: .teamNotFound),
                Case(method: .PUT, path: "/api/v2/sharedkeys", json: "{}", key: .anonymous, rc: .anonForbidden),
                Case(method: .GET, path: "/api/v2/sharedkeys/\(unknown)", key: .none, rc: .invalidAPIKey),
                Case(method: .PATCH, path: "/api/v2/sharedkeys/\(unknown)", json: #"{"kudos": 1}"#, key: .user, rc: .invalidAPIKey),
            ]
            for test in cases {
                let apiKey: String? = switch test.key {
                case .none: nil
                case .anonymous: "0000000000"
                case .user: user.apiKey
                case .trusted: trusted.apiKey
                case .moderator: moderator.apiKey
                case .bogus: "certainly-not-a-key"
                }
                let response = await stack.send(test.method, test.path, json: test.json, apiKey: apiKey, headers: test.headers)
                #expect(response.status == test.rc.httpStatus, "\(test.method) \(test.path): \(response.status) \(response.body)")
                #expect(response.body["rc"]?.stringValue == test.rc.rawValue, "\(test.method) \(test.path): \(response.body)")
                #expect(response.body["message"]?.stringValue?.isEmpty == false, "\(test.method) \(test.path)")
            }
        }
    }
}
