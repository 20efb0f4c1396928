/// Size limits the parser enforces (RFC 9112 leaves them to the implementation).
package struct HTTP1ParserLimits: Sendable, Equatable {
    /// Longest request line (method, target, version) without its CRLF. Default: 8 KiB.
    package var maxRequestLineBytes: Int = 8 * 1024
    /// Largest header block including the request line, and separately the largest trailer block.
    /// Default: 64 KiB.
    package var maxHeaderBytes: Int = 64 * 1024
    /// Most header fields (and separately trailer fields). Default: 100.
    package var maxHeaderCount: Int = 100
    /// Largest body after chunked decoding. Default: 10 MiB.
    package var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Longest chunk-size line including extensions. Default: 4 KiB.
    package var maxChunkLineBytes: Int = 4 * 1024

    /// Limits with the defaults above unless given.
    package init(
        maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 64 * 1024, maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 10 * 1024 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}
