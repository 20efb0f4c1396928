/// Why a model server did not produce a result. Every case makes the pipeline report the job faulted, so the
/// gateway hands it to another worker at once instead of after its TTL.
enum BackendError: Error, Equatable, CustomStringConvertible {
    /// The server answered with a status outside 2xx; `detail` is the start of its body.
    case status(backend: String, code: Int, detail: String)
    /// No answer within the backend's request timeout: a stuck or overloaded server.
    case timedOut(backend: String, after: Duration)
    /// The server could not be reached or closed the connection.
    case unreachable(backend: String, reason: String)
    /// The answer is not in the shape the backend's API documents.
    case malformedResponse(backend: String, reason: String)
    /// The server ran the job and reported that it failed.
    case failed(backend: String, reason: String)
    /// The backend cannot do what the job asks (a text server asked for images).
    case unsupported(backend: String, reason: String)
    /// No backend is configured for the job's model.
    case unknownModel(String)

    /// One line for logs and give-back reasons.
    var description: String {
        switch self {
        case .status(let backend, let code, let detail):
            "backend \(backend) answered HTTP \(code)\(detail.isEmpty ? "" : ": \(detail)")"
        case .timedOut(let backend, let after):
            "backend \(backend) did not answer within \(after.milliseconds) ms"
        case .unreachable(let backend, let reason):
            "backend \(backend) unreachable: \(reason)"
        case .malformedResponse(let backend, let reason):
            "backend \(backend) sent an unexpected answer: \(reason)"
        case .failed(let backend, let reason):
            "backend \(backend) failed the job: \(reason)"
        case .unsupported(let backend, let reason):
            "backend \(backend) cannot run this job: \(reason)"
        case .unknownModel(let model):
            "no backend configured for model \(model)"
        }
    }
}
