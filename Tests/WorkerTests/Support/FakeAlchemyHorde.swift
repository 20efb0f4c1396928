import Foundation
import HTTP
import HordeCore
import Messages

/// The interrogation endpoints of an AI Horde on loopback, as the swagger describes them: `POST
/// /api/v2/interrogate/pop` (InterrogationPopInput → InterrogationPopPayload, only `skipped` when nothing matched),
/// `POST /api/v2/interrogate/submit` (`{id, result, state}` → GenerationSubmitted), plus the source images and a
/// presigned upload target.
final class FakeAlchemyHorde: Sendable {
    let server: LoopbackServer
    private let forms: Locked<[JSONValue]>
    static let apiKey = FakeHordeGateway.apiKey

    init(sourceImage: [UInt8]) async throws {
        let forms = Locked<[JSONValue]>([])
        self.forms = forms
        let denied = HTTPResponse.error(401, message: "Invalid API Key", rc: "InvalidAPIKey")
        server = try await LoopbackServer([
            (.POST, "/api/v2/interrogate/pop", { request in
                guard request.headers["apikey"] == Self.apiKey else { return denied }
                guard let body = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body)),
                    body["name"]?.stringValue != nil, let offered = body["forms"]?.arrayValue
                else { return HTTPResponse.error(400, message: "Input payload validation failed", rc: "BadRequest") }
                let amount = body["amount"]?.intValue ?? 1
                let names = Set(offered.compactMap(\.stringValue))
                let handed = forms.withLock { queue -> [JSONValue] in
                    var taken: [JSONValue] = []
                    queue.removeAll { form in
                        guard taken.count < amount, let name = form["form"]?.stringValue, names.contains(name) else { return false }
                        taken.append(form)
                        return true
                    }
                    return taken
                }
                if handed.isEmpty {
                    return HTTPResponse.json(200, ["skipped": ["worker_id": 0, "untrusted": 0, "bridge_version": 0]] as JSONValue)
                }
                return HTTPResponse.json(200, ["forms": .array(handed)] as JSONValue)
            }),
            (.POST, "/api/v2/interrogate/submit", { request in
                guard request.headers["apikey"] == Self.apiKey else { return denied }
                guard let body = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body)),
                    body["id"]?.stringValue != nil, body["state"]?.stringValue != nil
                else { return HTTPResponse.error(400, message: "Input payload validation failed", rc: "BadRequest") }
                return HTTPResponse.json(200, ["reward": 1.5] as JSONValue)
            }),
            (.GET, "/sources/:name", { request in
                request.pathParameter("name") == "missing.png"
                    ? HTTPResponse.json(404, ["message": "not found"] as JSONValue)
                    : LoopbackServer.bytes(200, sourceImage, contentType: "image/png")
            }),
            (.PUT, "/r2/:name", { _ in HTTPResponse(status: 200) }),
        ])
    }

    /// Queues one form as the pop hands it out.
    func enqueue(id: String, form: String, source: String = "source.png", upload: Bool = false) {
        var value: JSONValue = ["id": .string(id), "form": .string(form), "payload": [:],
                                "source_image": .string("\(server.url)/sources/\(source)")]
        if upload, case .object(var object) = value {
            object["r2_upload"] = .string("\(server.url)/r2/\(id).png")
            value = .object(object)
        }
        forms.withLock { $0.append(value) }
    }

    var submits: [JSONValue] { server.calls("/api/v2/interrogate/submit").compactMap(\.json) }
}
