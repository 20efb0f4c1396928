import Foundation
import Messages

/// The worker's client for an AI-Horde-compatible gateway: find_user, pop and submit for images and texts, and
/// interrogation pop and submit, source image downloads and uploads to presigned URLs. Every call carries the worker's `apikey` and `Client-Agent` headers.
struct HordeAPIClient: Sendable {
    /// The gateway's base URL without `/api` (`http://127.0.0.1:7001`).
    let baseURL: String
    /// Sent as the `apikey` header.
    let apiKey: String
    /// `name:version:contact`.
    let clientAgent: String
    /// Carries the requests.
    let transport: any HTTPTransport
    /// How long one call may take (Default: 30 s).
    let timeout: Duration

    /// A client for the gateway at `baseURL` (a trailing slash is ignored).
    init(baseURL: String, apiKey: String, clientAgent: String, transport: any HTTPTransport, timeout: Duration = .seconds(30)) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey
        self.clientAgent = clientAgent
        self.transport = transport
        self.timeout = timeout
    }

    /// The user owning the API key.
    func findUser() async throws -> UserDetailsBody {
        try await call("GET", "/api/v2/find_user", body: nil as PopRequestBody?)
    }

    /// Asks for jobs of `kind`.
    func pop(_ kind: RequestKind, _ body: PopRequestBody) async throws -> PopResponseBody {
        try await call("POST", kind == .image ? "/api/v2/generate/pop" : "/api/v2/generate/text/pop", body: body)
    }

    /// Delivers (or gives back) one job of `kind`.
    func submit(_ kind: RequestKind, _ body: SubmitRequestBody) async throws -> SubmitResponseBody {
        try await call("POST", kind == .image ? "/api/v2/generate/submit" : "/api/v2/generate/text/submit", body: body)
    }

    /// Asks for interrogation forms.
    func interrogatePop(_ body: InterrogationPopRequestBody) async throws -> InterrogationPopResponseBody {
        try await call("POST", "/api/v2/interrogate/pop", body: body)
    }

    /// Delivers (or gives back) one form: `{id, result, state}`.
    func interrogateSubmit(id: String, result: JSONValue, state: String) async throws -> SubmitResponseBody {
        let body: JSONValue = ["id": .string(id), "result": result, "state": .string(state)]
        return try await call("POST", "/api/v2/interrogate/submit", body: body)
    }

    /// Downloads a source image (no API key: the URL is the credential, or it is public).
    func download(_ url: String, maxBytes: Int = 64 << 20) async throws -> [UInt8] {
        let response: TransportResponse
        do {
            response = try await transport.send(method: "GET", url: url, headers: [], body: [], timeout: timeout)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw HordeAPIError(kind: .transport, rc: nil, message: "\(error)")
        }
        guard (200..<300).contains(response.status) else { throw HordeAPIError.from(status: response.status, body: response.body) }
        guard response.body.count <= maxBytes else {
            throw HordeAPIError(kind: .malformedResponse, rc: nil, message: "source image larger than \(maxBytes) bytes")
        }
        return response.body
    }

    /// PUTs `data` to a presigned URL (no API key: the URL is the credential).
    func upload(_ data: [UInt8], to url: String, contentType: String) async throws {
        let response: TransportResponse
        do {
            response = try await transport.send(
                method: "PUT", url: url, headers: [("Content-Type", contentType)], body: data, timeout: timeout)
        } catch {
            throw HordeAPIError(kind: .transport, rc: nil, message: "\(error)")
        }
        guard (200..<300).contains(response.status) else { throw HordeAPIError.from(status: response.status, body: response.body) }
    }

    /// The headers every gateway call carries.
    var headers: [(String, String)] {
        [("apikey", apiKey), ("Client-Agent", clientAgent), ("Accept", "application/json")]
    }

    private func call<Body: Encodable, Response: Decodable>(_ method: String, _ path: String, body: Body?) async throws
        -> Response
    {
        var headers = self.headers
        var bytes: [UInt8] = []
        if let body {
            bytes = Array(try JSONEncoder().encode(body))
            headers.append(("Content-Type", "application/json"))
        }
        let response: TransportResponse
        do {
            response = try await transport.send(method: method, url: baseURL + path, headers: headers, body: bytes, timeout: timeout)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw HordeAPIError(kind: .transport, rc: nil, message: "\(error)")
        }
        guard (200..<300).contains(response.status) else { throw HordeAPIError.from(status: response.status, body: response.body) }
        do {
            return try JSONDecoder().decode(Response.self, from: Data(response.body))
        } catch {
            throw HordeAPIError(kind: .malformedResponse, rc: nil, message: "\(path): \(error)")
        }
    }
}
