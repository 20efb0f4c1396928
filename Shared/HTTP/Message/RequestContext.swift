import HordeCore

/// A key for a typed value carried in a `RequestContext` (the authenticated principal, a tenant, …).
package protocol RequestContextKey {
    /// The type stored under this key.
    associatedtype Value: Sendable
}

/// Per-request values that travel with an `HTTPRequest` through middleware to the handler: the request id,
/// a logger that carries it, and typed values set by middleware.
package struct RequestContext: Sendable {
    /// The request's id: the client's `X-Request-ID` when it is short and printable, otherwise generated.
    package var requestID: String
    /// The logger the server was given; `logger` adds the request id to it.
    package var baseLogger: Logger
    private var values: [ObjectIdentifier: any Sendable] = [:]

    /// A context with `requestID` and the logger `logger` derives from.
    package init(requestID: String = "", logger: Logger = RequestContext.defaultLogger) {
        self.requestID = requestID
        self.baseLogger = logger
    }

    /// The logger to use while handling this request (`horde.request.id` set when there is an id).
    package var logger: Logger {
        requestID.isEmpty ? baseLogger : baseLogger.with("horde.request.id", requestID)
    }

    /// The value stored for `key`, if any.
    package subscript<Key: RequestContextKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }

    /// The logger of requests built without a server (tests, router-only use).
    package static let defaultLogger = Logger(label: "http")
}
