import Foundation
import Messages
import Postgres
import Testing

@testable import Gateway

/// The alchemy endpoints through the gateway's router against Postgres and Kafka, with the scheduler's tables
/// filled in as the scheduler would.
@Suite("Alchemy through the gateway", .enabled(if: integrationEnabled), .serialized)
struct InterrogationIntegrationTests {
    /// The scheduler's alchemy tables, as far as the gateway reads them.
    static let schedulerTables = [
        """
        CREATE TABLE scheduler.interrogations (id uuid PRIMARY KEY, user_id bigint, expires_at timestamptz,
            finished_at timestamptz)
        """,
        """
        CREATE TABLE scheduler.interrogation_forms (id uuid PRIMARY KEY, interrogation_id uuid, position int,
            name text, state text, kudos double precision, worker_id uuid, worker_name text, worker_owner_id bigint)
        """,
    ]

    static let image = Data(InterrogationValidationTests.png(width: 1000, height: 600)).base64EncodedString()

    /// Queues an interrogation through the API and returns its id and the command the scheduler received.
    static func queue(_ stack: GatewayStack, key: String, body: String) async throws -> (UUID, InterrogationCreated) {
        let reader = try TopicReader<InterrogationCommand>(Topics.interrogations, kafka: stack.kafka, logger: stack.logger)
        let (status, response) = await stack.call(.POST, "/api/v2/interrogate/async", json: body, apiKey: key)
        #expect(status == 202, "\(response)")
        let id = try #require(response["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
        let envelope = await (try? reader.first {
            if case .created(let created) = $0.payload { return created.interrogationId == id }
            return false
        }) ?? nil
        await reader.close()
        guard case .created(let created)? = envelope?.payload else { throw Failure("no created command for \(id)") }
        return (id, created)
    }

    /// Plays the scheduler: the interrogation and its forms with the given states (owned by `worker` when not
    /// waiting).
    static func schedule(
        _ stack: GatewayStack, _ created: InterrogationCreated, states: [String], worker: (id: UUID, owner: Int)
    ) async throws {
        try await stack.pool.execute(
            """
            INSERT INTO scheduler.interrogations (id, user_id, expires_at)
            VALUES (\(created.interrogationId), \(created.userId), \(created.expiresAt))
            """)
        for (position, (form, state)) in zip(created.forms, states).enumerated() {
            let holder: UUID? = state == "waiting" ? nil : worker.id
            try await stack.pool.execute(
                """
                INSERT INTO scheduler.interrogation_forms (id, interrogation_id, position, name, state, kudos,
                    worker_id, worker_name, worker_owner_id)
                VALUES (\(form.formId), \(created.interrogationId), \(position), \(form.name), \(state), \(form.kudos),
                    \(holder), 'gw-alchemist', \(worker.owner))
                """)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func anInterrogationIsStoredPricedAndQueued() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("ivy")
            let (id, created) = try await Self.queue(
                stack, key: user.apiKey,
                body: #"{"source_image": "\#(Self.image)", "slow_workers": false, "forms": [{"name": "caption"}, {"name": "RealESRGAN_x4plus"}, {"name": "caption"}]}"#)
            #expect(created.userId == user.id)
            #expect(created.imageTiles == 4)
            #expect(created.sourceURL == nil)
            #expect(!created.slowWorkers)
            #expect(created.forms.map(\.name) == ["caption", "RealESRGAN_x4plus"])
            #expect(created.forms.map(\.kudos) == [1, 12])
            #expect(created.forms.map(\.cost) == [2, 13])
            let row = try #require(try await stack.pool.query(
                "SELECT user_id, image_tiles, source_image FROM gateway.interrogations WHERE id = \(id)").first)
            #expect(row["user_id"].int == user.id)
            #expect(row["source_image"].string == Self.image)

            // Before the scheduler has it, every form is waiting.
            let (status, body) = await stack.call(.GET, "/api/v2/interrogate/status/\(id.apiString)")
            #expect(status == 200)
            #expect(body["state"] == "waiting")
            #expect(body["forms"]?.arrayValue?.compactMap { $0["form"]?.stringValue } == ["caption", "RealESRGAN_x4plus"])
        }
    }

    @Test func refusedRequestsStoreNothing() async throws {
        try await GatewayStack.with { stack in
            let cases: [(String, Int, String)] = [
                (#"{"forms": [{"name": "caption"}]}"#, 400, "ValidationError"),
                (#"{"source_image": "https://e.com/a.png", "forms": [{"name": "dance"}]}"#, 400, "ValidationError"),
                (#"{"source_image": "aGVsbG8gd29ybGQ=", "forms": [{"name": "caption"}]}"#, 400, "SourceImageUnreadable"),
                (#"{"source_image": "https://e.com/a.png", "forms": [{"name": "caption"}], "webhook": "ftp://x.example/hook"}"#,
                 400, "ValidationError"),
            ]
            for (body, expected, rc) in cases {
                let (status, response) = await stack.call(.POST, "/api/v2/interrogate/async", json: body, apiKey: "0000000000")
                #expect(status == expected, "\(body)")
                #expect(response["rc"]?.stringValue == rc, "\(body)")
            }
            let (status, _) = await stack.call(
                .POST, "/api/v2/interrogate/async", json: #"{"source_image": "https://e.com/a.png", "forms": [{"name": "caption"}]}"#,
                apiKey: "wrong-key-123")
            #expect(status == 401)
            let stored = try await stack.count("gateway.interrogations")
            #expect(stored == 0)
            let (missing, body) = await stack.call(.GET, "/api/v2/interrogate/status/\(UUID().uuidString)")
            #expect(missing == 404)
            #expect(body["rc"] == "RequestNotFound")
        }
    }

    @Test func aSubmittedFormIsStoredAnnouncedAndShownInStatus() async throws {
        try await GatewayStack.with { stack in
            for statement in Self.schedulerTables { try await stack.pool.execute(PostgresQuery(stringLiteral: statement)) }
            let requester = try await stack.createUser("jack")
            let owner = try await stack.createUser("kim")
            let stranger = try await stack.createUser("lou")
            let (id, created) = try await Self.queue(
                stack, key: requester.apiKey,
                body: #"{"source_image": "https://example.com/cat.png", "forms": [{"name": "caption"}, {"name": "nsfw"}]}"#)
            let worker = (id: UUID(), owner: owner.id)
            try await Self.schedule(stack, created, states: ["processing", "waiting"], worker: worker)
            let formId = created.forms[0].formId.apiString

            let submissions = try TopicReader<InterrogationCommand>(
                Topics.interrogations, kafka: stack.kafka, logger: stack.logger)
            let wrongOwner = await stack.call(
                .POST, "/api/v2/interrogate/submit", json: #"{"id": "\#(formId)", "result": {"caption": "x"}}"#,
                apiKey: stranger.apiKey)
            #expect(wrongOwner.status == 403)
            #expect(wrongOwner.body["rc"] == "WrongCredentials")
            let unknown = await stack.call(
                .POST, "/api/v2/interrogate/submit", json: #"{"id": "\#(UUID().uuidString)", "result": "x"}"#,
                apiKey: owner.apiKey)
            #expect(unknown.status == 404)
            let badState = await stack.call(
                .POST, "/api/v2/interrogate/submit", json: #"{"id": "\#(formId)", "result": "x", "state": "censored"}"#,
                apiKey: owner.apiKey)
            #expect(badState.status == 400)

            let (status, body) = await stack.call(
                .POST, "/api/v2/interrogate/submit", json: #"{"id": "\#(formId)", "result": "a cat on a mat"}"#,
                apiKey: owner.apiKey)
            #expect(status == 200, "\(body)")
            #expect(body["reward"] == 1)
            let envelope = await (try? submissions.first {
                if case .submitted(let submitted) = $0.payload { return submitted.formId == created.forms[0].formId }
                return false
            }) ?? nil
            await submissions.close()
            guard case .submitted(let submitted)? = envelope?.payload else { throw Failure("no submission published") }
            #expect(submitted.workerId == worker.id)
            #expect(submitted.outcome == .ok)
            let stored = try #require(try await stack.pool.query(
                "SELECT kind, model, result FROM gateway.generations WHERE job_id = \(created.forms[0].formId)").first)
            #expect(stored["kind"].string == "interrogation")
            #expect(stored["model"].string == "caption")
            #expect(stored["result"].string == #"{"caption":"a cat on a mat"}"#)

            let duplicate = await stack.call(
                .POST, "/api/v2/interrogate/submit", json: #"{"id": "\#(formId)", "result": "again"}"#,
                apiKey: owner.apiKey)
            #expect(duplicate.status == 400)
            #expect(duplicate.body["rc"] == "DuplicateGen")

            // The scheduler settles the form; status shows the result, cancelling answers the rest cancelled.
            try await stack.pool.execute(
                "UPDATE scheduler.interrogation_forms SET state = 'done' WHERE id = \(created.forms[0].formId)")
            let (_, shown) = await stack.call(.GET, "/api/v2/interrogate/status/\(id.apiString)")
            #expect(shown["state"] == "waiting")
            let caption = try #require(shown["forms"]?.arrayValue?.first)
            #expect(caption["state"] == "done")
            #expect(caption["result"] == ["caption": "a cat on a mat"])
            #expect(caption["worker_id"]?.stringValue == worker.id.apiString)
            let (cancelStatus, cancelled) = await stack.call(.DELETE, "/api/v2/interrogate/status/\(id.apiString)")
            #expect(cancelStatus == 200)
            #expect(cancelled["forms"]?.arrayValue?.compactMap { $0["state"]?.stringValue } == ["done", "cancelled"])
            #expect(cancelled["state"] == "partial")

            // The same form on the same URL is answered from the cache: done at once, free.
            let (repeatId, repeated) = try await Self.queue(
                stack, key: requester.apiKey,
                body: #"{"source_image": "https://example.com/cat.png", "forms": [{"name": "caption"}, {"name": "nsfw"}]}"#)
            #expect(repeated.forms.map(\.cached) == [true, nil])
            #expect(repeated.forms.map(\.cost) == [0, 3])
            let (_, answered) = await stack.call(.GET, "/api/v2/interrogate/status/\(repeatId.apiString)")
            #expect(answered["forms"]?.arrayValue?.first?["state"] == "done")
            #expect(answered["forms"]?.arrayValue?.first?["result"] == ["caption": "a cat on a mat"])
            #expect(answered["forms"]?.arrayValue?.last?["state"] == "waiting")
            let (_, other) = try await Self.queue(
                stack, key: requester.apiKey,
                body: #"{"source_image": "https://example.com/dog.png", "forms": [{"name": "caption"}]}"#)
            #expect(other.forms.map(\.cached) == [nil])
        }
    }

    @Test func anAlchemistPopIsAskedOfTheSchedulerAndAnsweredWithTheSource() async throws {
        try await GatewayStack.with({ $0.popTimeout = .seconds(5) }) { stack in
            let owner = try await stack.createUser("mia")
            let requester = try await stack.createUser("ned")
            let (_, created) = try await Self.queue(
                stack, key: requester.apiKey,
                body: #"{"source_image": "\#(Self.image)", "forms": [{"name": "caption", "payload": {"k": "v"}}]}"#)
            let pops = try TopicReader<InterrogationCommand>(Topics.interrogations, kafka: stack.kafka, logger: stack.logger)
            let router = stack.context.popReplies
            // Plays the scheduler: answers the pop with the queued form.
            let scheduler = Task {
                let envelope = try await pops.first {
                    if case .pop = $0.payload { return true }
                    return false
                }
                guard case .pop(let pop)? = envelope?.payload else { return AlchemistProfile?.none }
                let form = AssignedForm(
                    formId: created.forms[0].formId, interrogationId: created.interrogationId, name: "caption",
                    payload: ["k": "v"], sourceURL: nil)
                router.deliver(
                    PopReply(
                        popId: pop.popId, replyTo: pop.replyTo, workerId: pop.worker.workerId,
                        assignment: try InterrogationAssignment.make([form], ttlSeconds: 180)))
                return pop.worker
            }
            let (status, body) = await stack.call(
                .POST, "/api/v2/interrogate/pop",
                json: #"{"name": "gw-alchemist", "max_tiles": 8, "amount": 2, "priority_usernames": ["ned#\#(requester.id)"]}"#,
                apiKey: owner.apiKey)
            let profile = try await scheduler.value
            await pops.close()
            #expect(status == 200, "\(body)")
            let form = try #require(body["forms"]?.arrayValue?.first)
            #expect(form["id"]?.stringValue == created.forms[0].formId.apiString)
            #expect(form["form"] == "caption")
            #expect(form["payload"] == ["k": "v"])
            #expect(form["source_image"]?.stringValue == Self.image)
            #expect(body["skipped"] == nil)
            #expect(profile?.forms == ["caption"])
            #expect(profile?.maxTiles == 8)
            #expect(profile?.amount == 2)
            #expect(profile?.ownerId == owner.id)
            #expect(profile?.priorityUserIds == [requester.id])
            let kind = try await stack.pool.query("SELECT kind FROM gateway.workers WHERE name = 'gw-alchemist'")
            #expect(kind.first?["kind"].string == "interrogation")

            let anonymous = await stack.call(.POST, "/api/v2/interrogate/pop", json: #"{"name": "x"}"#, apiKey: "0000000000")
            #expect(anonymous.status == 403)
        }
    }
}
