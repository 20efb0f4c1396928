/// Metadata keys of the Redis module's log lines.
enum RedisLogKey {
    /// The `clientName` of the client that logged.
    static let client = "redis.client"
    /// The prefix of the `RedisCache` that logged.
    static let cache = "redis.cache"
    /// The failure, with its detail (`RedisError.debugDescription` or another error's description).
    static let error = "redis.error"
}
