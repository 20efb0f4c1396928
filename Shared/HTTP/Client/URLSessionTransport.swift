import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `https://` requests through `URLSession` (the project has no TLS of its own). Like the `http://` path,
/// it does not follow redirects: the caller gets the 3xx response.
enum URLSessionTransport {
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }()

    /// Sends one request through `URLSession`, mapping its failures to `HTTPClientError`.
    static func send(
        _ method: HTTPMethod, _ url: String, headers: HTTPHeaders, body: [UInt8], timeout: Duration,
        maxResponseBytes: Int
    ) async throws -> HTTPClientResponse {
        guard let target = URL(string: url) else { throw HTTPClientError(.invalidURL, "not a valid URL") }
        var request = URLRequest(url: target)
        request.httpMethod = method.rawValue
        request.timeoutInterval = max(0.001, timeout.seconds)
        for (name, value) in headers { request.addValue(value, forHTTPHeaderField: name) }
        if !body.isEmpty { request.httpBody = Data(body) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError {
            if error.code == .timedOut { throw HTTPClientError(.timedOut, target.host ?? "") }
            if error.code == .cancelled { throw CancellationError() }
            throw HTTPClientError(.transport, "\(target.host ?? ""): URLError \(error.code.rawValue)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPClientError(.malformedResponse, "not an HTTP response")
        }
        guard data.count <= maxResponseBytes else {
            throw HTTPClientError(.responseTooLarge, "response body over the limit")
        }
        var fields = HTTPHeaders()
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields.add(name, value) }
        }
        return HTTPClientResponse(status: http.statusCode, headers: fields, body: Array(data))
    }
}

/// Declines every redirect, so the 3xx response itself is returned. A redirect's target is not vetted by the
/// caller (it could point at an inside address), and the `http://` path never follows them either.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
