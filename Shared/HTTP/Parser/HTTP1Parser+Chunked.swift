extension HTTP1Parser {
    /// What reading one trailer line produced.
    enum TrailerStep { case needMore, more, done }

    /// `chunk-size [chunk-ext] CRLF` (RFC 9112 7.1); extensions are accepted and ignored.
    mutating func readChunkSize() throws(HTTPParseError) -> Bool {
        guard
            let line = try scanLine(
                maxLength: limits.maxChunkLineBytes, tooLong: HTTPParseError.bad("Chunk size line too long"))
        else { return false }
        var index = line.lowerBound
        var size = 0
        var digits = 0
        while index < line.upperBound, let value = ASCII.hexValue(buffer[index]) {
            digits += 1
            if digits > 15 { throw HTTPParseError(.bodyTooLarge, "Chunk size too large") }
            size = size << 4 | Int(value)
            index += 1
        }
        guard digits > 0 else { throw HTTPParseError.bad("Invalid chunk size") }
        while index < line.upperBound && (buffer[index] == ASCII.space || buffer[index] == ASCII.tab) { index += 1 }
        guard index == line.upperBound || buffer[index] == ASCII.semicolon else {
            throw HTTPParseError.bad("Invalid chunk size")
        }
        if size == 0 {
            blockBytes = 0
            state = .trailers
            return true
        }
        if body.count + size > limits.maxBodyBytes { throw HTTPParseError(.bodyTooLarge, "Request body too large") }
        state = .chunkData(remaining: size)
        return true
    }

    /// The CRLF that must follow each chunk's data.
    mutating func readChunkDataEnd() throws(HTTPParseError) -> Bool {
        let missing = HTTPParseError.bad("Missing CRLF after chunk data")
        guard let line = try scanLine(maxLength: 0, tooLong: missing) else { return false }
        guard line.isEmpty else { throw missing }
        state = .chunkSize
        return true
    }

    /// One trailer field after the last chunk, or the empty line ending the message.
    mutating func readTrailerLine() throws(HTTPParseError) -> TrailerStep {
        let budget = limits.maxHeaderBytes - blockBytes - 2
        let tooLarge = HTTPParseError(.headersTooLarge, "Trailer fields too large")
        guard budget >= 0 else { throw tooLarge }
        guard let line = try scanLine(maxLength: budget, tooLong: tooLarge) else { return .needMore }
        blockBytes += line.count + 2
        if line.isEmpty {
            state = .body(remaining: 0)
            return .done
        }
        if trailers.count >= limits.maxHeaderCount { throw HTTPParseError(.headersTooLarge, "Too many trailer fields") }
        trailers.append(try parseField(line))
        return .more
    }
}
