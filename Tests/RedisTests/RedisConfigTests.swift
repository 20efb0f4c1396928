import HordeCore
import Redis
import Testing

@Suite("Redis URL and environment configuration")
struct RedisConfigTests {
    @Test func defaultURL() throws {
        let endpoint = try RedisEndpoint(url: RedisConfig().url)
        #expect(endpoint == RedisEndpoint.expected("127.0.0.1", 6379, 0))
    }

    @Test func fullURLWithUserPasswordAndDatabase() throws {
        let endpoint = try RedisEndpoint(url: "redis://app:s%40cret%3A1@cache.internal:6380/3")
        #expect(endpoint == RedisEndpoint.expected("cache.internal", 6380, 3, user: "app", password: "s@cret:1"))
    }

    @Test func passwordOnlyForms() throws {
        #expect(try RedisEndpoint(url: "redis://:pw@h").password == "pw")
        #expect(try RedisEndpoint(url: "redis://:pw@h").username == nil)
        #expect(try RedisEndpoint(url: "redis://pw@h:1/2") == RedisEndpoint.expected("h", 1, 2, password: "pw"))
    }

    @Test func ipv6HostAndDefaults() throws {
        #expect(try RedisEndpoint(url: "redis://[::1]:7000") == RedisEndpoint.expected("::1", 7000, 0))
        #expect(try RedisEndpoint(url: "redis://[::1]") == RedisEndpoint.expected("::1", 6379, 0))
        #expect(try RedisEndpoint(url: "REDIS://example") == RedisEndpoint.expected("example", 6379, 0))
        #expect(try RedisEndpoint(url: "redis://") == RedisEndpoint.expected("127.0.0.1", 6379, 0))
        #expect(try RedisEndpoint(url: "redis://h/5?timeout=1") == RedisEndpoint.expected("h", 6379, 5))
    }

    @Test(arguments: [
        "http://h:6379", "rediss://h:6379", "redis://h:0", "redis://h:70000", "redis://h:port",
        "redis://h/-1", "redis://h/db", "redis://[::1", "redis://[::1]x",
    ])
    func rejectsUnusableURLs(url: String) {
        let error = #expect(throws: RedisError.self) { try RedisEndpoint(url: url) }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func environmentOverridesDefaults() throws {
        let config = try RedisConfig.fromEnvironment(
            Environment([
                "HORDE_REDIS_URL": "redis://r:6390/1", "HORDE_REDIS_POOL_SIZE": "8",
                "HORDE_REDIS_CONNECT_TIMEOUT": "250ms", "HORDE_REDIS_COMMAND_TIMEOUT": "5s",
                "HORDE_REDIS_CLIENT_NAME": "gateway",
            ]))
        #expect(config.url == "redis://r:6390/1")
        #expect(config.poolSize == 8)
        #expect(config.connectTimeout == .milliseconds(250))
        #expect(config.commandTimeout == .seconds(5))
        #expect(config.clientName == "gateway")
    }

    @Test func environmentDefaults() throws {
        let config = try RedisConfig.fromEnvironment(Environment([:]))
        #expect(config.url == "redis://127.0.0.1:6379/0")
        #expect(config.poolSize == 4)
        #expect(config.connectTimeout == .milliseconds(500))
        #expect(config.commandTimeout == .seconds(2))
    }

    @Test func environmentRejectsBadValuesWithoutLeakingThePassword() {
        let badURL = #expect(throws: RedisError.self) {
            try RedisConfig.fromEnvironment(Environment(["HORDE_REDIS_URL": "rediss://:hunter2@h"]))
        }
        #expect(badURL?.code == .invalidConfiguration)
        #expect(badURL.map { !$0.debugDescription.contains("hunter2") } == true)
        #expect(throws: RedisError.self) {
            try RedisConfig.fromEnvironment(Environment(["HORDE_REDIS_POOL_SIZE": "0"]))
        }
        #expect(throws: ConfigError.self) {
            try RedisConfig.fromEnvironment(Environment(["HORDE_REDIS_POOL_SIZE": "x"]))
        }
    }
}

extension RedisEndpoint {
    fileprivate static func expected(
        _ host: String, _ port: Int, _ database: Int, user: String? = nil, password: String? = nil
    ) -> RedisEndpoint {
        var endpoint = try! RedisEndpoint(url: "redis://placeholder")
        endpoint.host = host
        endpoint.port = port
        endpoint.database = database
        endpoint.username = user
        endpoint.password = password
        return endpoint
    }
}
