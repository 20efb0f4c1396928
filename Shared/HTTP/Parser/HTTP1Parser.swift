/// An incremental HTTP/1.x message parser: bytes in, complete messages out, no I/O.
///
/// Feed it whatever arrived with `append`, then call `nextRequest()` (or `nextResponse()` for a response
/// parser) until it returns `nil` (needs more bytes). Several pipelined messages in one buffer come out one
/// by one, in order. The outcome never depends on how the bytes were split across `append` calls. After an
/// error the parser stays failed: the connection's framing can no longer be trusted.
///
/// Rejections follow RFC 9112: Content-Length with Transfer-Encoding, any transfer coding other than a single
/// `chunked`, differing Content-Length values, obs-fold, whitespace before the colon, non-token methods and
/// field names, control characters, bare LF, versions other than 1.0 and 1.1 (505).
package struct HTTP1Parser: Sendable {
    /// What kind of message the parser reads.
    package enum Kind: Sendable { case request, response }

    /// A complete request and whether the connection may stay open after it.
    package struct ParsedRequest: Sendable {
        /// The request (its `remoteAddress` is filled in by the server).
        package var request: HTTPRequest
        /// False after `Connection: close`, an HTTP/1.0 request without keep-alive, or a framing that must
        /// not be reused (Transfer-Encoding in HTTP/1.0).
        package var keepAlive: Bool
    }

    /// A complete response.
    package struct ParsedResponse: Sendable {
        /// The status code.
        package var status: Int
        /// The protocol version of the status line.
        package var version: HTTPVersion
        /// The header fields, in order.
        package var headers: HTTPHeaders
        /// The complete body, chunked encoding removed.
        package var body: [UInt8]
        /// False when the server asked to close, or the body ran until end of stream.
        package var keepAlive: Bool
    }

    /// Where the parser is within the current message.
    enum State: Sendable {
        /// Looking for the request or status line.
        case startLine
        /// Reading header lines.
        case headers
        /// Reading a body of known length; `remaining` bytes are still missing.
        case body(remaining: Int)
        /// Reading a response body that ends with the connection.
        case untilClose
        /// Reading a chunk-size line.
        case chunkSize
        /// Reading chunk data; `remaining` bytes of this chunk are missing.
        case chunkData(remaining: Int)
        /// Expecting the CRLF after chunk data.
        case chunkDataEnd
        /// Reading trailer fields after the last chunk.
        case trailers
        /// Stopped at an error, for good.
        case failed(HTTPParseError)
    }

    /// The head of the message being read.
    struct Head: Sendable {
        /// The request method.
        var method = HTTPMethod.GET
        /// The raw request target.
        var target = ""
        /// The protocol version.
        var version = HTTPVersion.http1_1
        /// The status code (responses).
        var status = 0
        /// Header fields so far.
        var fields: [(name: String, value: String)] = []
        /// Whether the connection may be reused after this message.
        var keepAlive = true
        /// Whether the request carries `Expect: 100-continue`.
        var expectsContinue = false
    }

    /// Requests or responses.
    let kind: Kind
    /// The size limits in force.
    let limits: HTTP1ParserLimits
    /// Received bytes not yet consumed (from `position` on).
    var buffer: [UInt8] = []
    /// Start of the bytes not consumed yet (and of the line being scanned).
    var position = 0
    /// Where the scan for the current line's LF resumes.
    var scanIndex = 0
    /// Bytes of the header (or trailer) block consumed so far, for the size limit.
    var blockBytes = 0
    /// Whether the request line scan has passed the method (its first space).
    var methodEnded = false
    /// Empty lines skipped before the start line.
    var leadingEmptyLines = 0
    /// Where the parser is.
    var state = State.startLine
    /// The head of the current message.
    var head = Head()
    /// The body of the current message so far.
    var body: [UInt8] = []
    /// Trailer fields of the current message.
    var trailers: [(name: String, value: String)] = []
    /// Set when the server should answer `100 Continue`.
    var continueRequested = false
    /// Set by a client before reading the response to a HEAD request: that response has no body.
    package var nextResponseHasNoBody = false

    /// A request parser.
    package init(limits: HTTP1ParserLimits = HTTP1ParserLimits()) {
        self.init(kind: .request, limits: limits)
    }

    /// A parser for `kind` messages.
    package init(kind: Kind, limits: HTTP1ParserLimits = HTTP1ParserLimits()) {
        self.kind = kind
        self.limits = limits
    }

    // MARK: Input

    /// Adds received bytes. Body bytes go straight to the body when nothing else is pending.
    package mutating func append(_ bytes: ArraySlice<UInt8>) {
        compact()
        var bytes = bytes
        if position == buffer.count, case .body(let remaining) = state, remaining > 0 {
            let take = min(remaining, bytes.count)
            body.append(contentsOf: bytes.prefix(take))
            state = .body(remaining: remaining - take)
            bytes = bytes.dropFirst(take)
        }
        if !bytes.isEmpty { buffer.append(contentsOf: bytes) }
    }

    /// Adds received bytes.
    package mutating func append(_ bytes: [UInt8]) { append(bytes[...]) }

    /// Drops consumed bytes so the buffer does not grow without bound across a long keep-alive connection.
    private mutating func compact() {
        if position == buffer.count {
            if position > 0 {
                buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
                scanIndex -= position
                position = 0
            }
        } else if position >= 16 * 1024 && position * 2 >= buffer.count {
            buffer.removeSubrange(0..<position)
            scanIndex -= position
            position = 0
        }
    }

    // MARK: Queries

    /// Whether no byte of a next message has arrived (the connection is between messages).
    package var isIdle: Bool {
        if case .startLine = state { return position == buffer.count && leadingEmptyLines == 0 }
        return false
    }

    /// Whether the head of the current message is still incomplete.
    package var isReadingHead: Bool {
        switch state {
        case .startLine, .headers: true
        default: false
        }
    }

    /// Whether the parser has failed (and will keep failing).
    package var hasFailed: Bool {
        if case .failed = state { return true }
        return false
    }

    /// True once per request whose head asked for `Expect: 100-continue` and whose body has not arrived:
    /// the server should send `100 Continue` now.
    package mutating func takeContinueRequest() -> Bool {
        guard continueRequested else { return false }
        continueRequested = false
        return true
    }

    // MARK: Output

    /// The next complete request, `nil` if more bytes are needed.
    package mutating func nextRequest() throws(HTTPParseError) -> ParsedRequest? {
        precondition(kind == .request, "nextRequest on a response parser")
        guard try advance() else { return nil }
        var request = HTTPRequest(
            method: head.method, target: head.target, headers: HTTPHeaders(fields: head.fields), body: body,
            remoteAddress: "", version: head.version)
        if !trailers.isEmpty { request.trailers = HTTPHeaders(fields: trailers) }
        let parsed = ParsedRequest(request: request, keepAlive: head.keepAlive)
        resetMessage()
        return parsed
    }

    /// The next complete response, `nil` if more bytes are needed. Informational (1xx) responses are skipped.
    package mutating func nextResponse() throws(HTTPParseError) -> ParsedResponse? {
        precondition(kind == .response, "nextResponse on a request parser")
        while try advance() {
            let parsed = ParsedResponse(
                status: head.status, version: head.version, headers: HTTPHeaders(fields: head.fields), body: body,
                keepAlive: head.keepAlive)
            let informational = (100..<200).contains(head.status)
            resetMessage()
            if !informational {
                nextResponseHasNoBody = false
                return parsed
            }
        }
        return nil
    }

    /// Call at end of stream: completes a response whose body runs until close; throws if a message was cut
    /// short; `nil` if the stream ended cleanly between messages.
    package mutating func finish() throws(HTTPParseError) -> ParsedResponse? {
        switch state {
        case .untilClose:
            body.append(contentsOf: buffer[position...])
            position = buffer.count
            let parsed = ParsedResponse(
                status: head.status, version: head.version, headers: HTTPHeaders(fields: head.fields), body: body,
                keepAlive: false)
            resetMessage()
            return parsed
        case .startLine where position == buffer.count:
            return nil
        case .failed(let error):
            throw error
        default:
            let error = HTTPParseError.bad("Connection closed before the message was complete")
            state = .failed(error)
            throw error
        }
    }

    private mutating func resetMessage() {
        state = .startLine
        head = Head()
        body = []
        trailers = []
        blockBytes = 0
        methodEnded = false
        leadingEmptyLines = 0
        continueRequested = false
    }

    /// Runs the state machine over the buffered bytes; true when a whole message is ready.
    private mutating func advance() throws(HTTPParseError) -> Bool {
        do throws(HTTPParseError) {
            while true {
                switch state {
                case .failed(let error):
                    throw error
                case .startLine:
                    guard try readStartLine() else { return false }
                case .headers:
                    guard try readHeaderLine() else { return false }
                case .body(let remaining):
                    if remaining == 0 { return true }
                    let available = buffer.count - position
                    if available == 0 { return false }
                    let take = min(remaining, available)
                    body.append(contentsOf: buffer[position..<(position + take)])
                    position += take
                    scanIndex = position
                    state = .body(remaining: remaining - take)
                case .untilClose:
                    body.append(contentsOf: buffer[position...])
                    position = buffer.count
                    scanIndex = position
                    if body.count > limits.maxBodyBytes {
                        throw HTTPParseError(.bodyTooLarge, "Response body too large")
                    }
                    return false
                case .chunkSize:
                    guard try readChunkSize() else { return false }
                case .chunkData(let remaining):
                    let available = buffer.count - position
                    if available == 0 { return false }
                    let take = min(remaining, available)
                    body.append(contentsOf: buffer[position..<(position + take)])
                    position += take
                    scanIndex = position
                    state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
                case .chunkDataEnd:
                    guard try readChunkDataEnd() else { return false }
                case .trailers:
                    switch try readTrailerLine() {
                    case .needMore: return false
                    case .more: continue
                    case .done: return true
                    }
                }
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }
}
