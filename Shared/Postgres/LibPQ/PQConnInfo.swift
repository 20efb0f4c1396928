internal import CLibPQ

/// Connection strings, read the way libpq reads them.
enum PQConnInfo {
    /// The keyword/value pairs set by `url` (a `postgresql://` URI or a `key=value` string). Throws
    /// `invalidConfiguration` with libpq's reason when it cannot be read. The corresponding C function is
    /// `PQconninfoParse`.
    static func parse(_ url: String) throws(PostgresError) -> [String: String] {
        var errorText: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &errorText) else {
            var reason = "the connection URL cannot be parsed"
            if let errorText {
                reason = String(cString: errorText).trimmingTrailingNewline()
                PQfreemem(errorText)
            }
            throw PostgresError(.invalidConfiguration, message: reason)
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                values[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        return values
    }
}

extension String {
    fileprivate func trimmingTrailingNewline() -> String { hasSuffix("\n") ? String(dropLast()) : self }
}
