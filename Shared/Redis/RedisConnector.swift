/// Opens ready-to-use connections: TCP connect, then `AUTH`, `SELECT`, `CLIENT SETNAME` and `PING` in one
/// round trip. Blocks up to the connect timeout per step, so it runs only on a connection or probe queue.
struct RedisConnector: Sendable {
    /// Where to connect and as whom.
    let endpoint: RedisEndpoint
    /// Bound on the TCP connect and on each reply of the handshake.
    let connectTimeout: Duration
    /// Sent with `CLIENT SETNAME` so operators can find this service's connections in `CLIENT LIST`.
    let clientName: String

    /// A connected, authenticated context on the configured database. Throws `unavailable` on any failure,
    /// because a connection that cannot be set up is as good as no Redis.
    func connect() throws(RedisError) -> RedisContext {
        let context = try RedisContext.connect(host: endpoint.host, port: endpoint.port, timeout: connectTimeout)
        var commands: [[String]] = []
        if let password = endpoint.password {
            commands.append(endpoint.username.map { ["AUTH", $0, password] } ?? ["AUTH", password])
        }
        if endpoint.database != 0 { commands.append(["SELECT", String(endpoint.database)]) }
        let name = String(clientName.map { $0 == " " || $0 == "\n" || $0 == "\r" ? "-" : $0 })
        let namesClient = !name.isEmpty
        if namesClient { commands.append(["CLIENT", "SETNAME", name]) }
        commands.append(["PING"])

        let replies: [RESPValue]
        do {
            replies = try context.pipeline(commands.map { $0.map { Array($0.utf8) } })
        } catch {
            throw RedisError(.unavailable, "handshake failed: \(error.debugDescription)")
        }
        for (index, reply) in replies.enumerated() {
            guard let message = reply.errorMessage else { continue }
            // A server that forbids CLIENT SETNAME (ACLs) is still usable; the name only helps operators.
            if namesClient && index == commands.count - 2 { continue }
            throw RedisError(.unavailable, "handshake rejected: \(message)")
        }
        return context
    }
}
