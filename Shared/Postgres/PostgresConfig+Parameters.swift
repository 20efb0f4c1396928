extension PostgresConfig {
    /// The libpq keyword/value pairs for a connection: the URL's own settings plus timeouts, keepalives and the
    /// session settings the text codecs rely on (`TimeZone=UTC`, `DateStyle=ISO`, hex `bytea` output).
    func connectionParameters() throws(PostgresError) -> [(String, String)] {
        var values = try PQConnInfo.parse(url)
        let connectSeconds = max(2, Int((connectTimeout.seconds).rounded(.up)))
        values["connect_timeout"] = String(connectSeconds)
        values["keepalives"] = "1"
        values["keepalives_idle"] = values["keepalives_idle"] ?? "30"
        values["keepalives_interval"] = values["keepalives_interval"] ?? "10"
        values["keepalives_count"] = values["keepalives_count"] ?? "3"
        values["client_encoding"] = "UTF8"
        if values["application_name"] == nil { values["application_name"] = applicationName }
        let settings = [
            "statement_timeout=\(max(0, statementTimeout.milliseconds))",
            "TimeZone=UTC",
            "DateStyle=ISO",
            "bytea_output=hex",
            "client_min_messages=warning",
        ]
        let ours = settings.map { "-c \($0)" }.joined(separator: " ")
        if let existing = values["options"], !existing.isEmpty {
            values["options"] = existing + " " + ours
        } else {
            values["options"] = ours
        }
        return values.sorted { $0.key < $1.key }
    }

    /// `host:port/dbname` for log lines: never the password or the full URL.
    var redactedTarget: String {
        guard let values = try? PQConnInfo.parse(url) else { return "(unparsable URL)" }
        let host = values["host"] ?? values["hostaddr"] ?? "localhost"
        return "\(host):\(values["port"] ?? "5432")/\(values["dbname"] ?? values["user"] ?? "")"
    }
}
