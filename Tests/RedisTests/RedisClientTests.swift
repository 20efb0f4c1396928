import Foundation
import HordeCore
import Redis
import Testing

@Suite("RedisClient against a live Redis", .enabled(if: TestRedis.enabled), .serialized, .timeLimit(.minutes(2)))
struct RedisClientTests {
    let client = TestRedis.client("client")
    let prefix = TestRedis.prefix("client")

    private func key(_ name: String) -> String { prefix + name }

    @Test func pingAndStringRoundTrip() async throws {
        try await client.ping()
        #expect(try await client.get(key("missing")) == nil)
        try await client.set(key("greeting"), "héllo wörld")
        #expect(try await client.get(key("greeting")) == "héllo wörld")
        #expect(try await client.exists(key("greeting")))
        #expect(try await client.timeToLive(key("greeting")) == nil)
        #expect(try await client.delete(key("greeting"), key("missing")) == 1)
        #expect(try await !client.exists(key("greeting")))
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func ttlAndExpire() async throws {
        try await client.set(key("short"), "v", ttl: .milliseconds(500))
        let left = try #require(try await client.timeToLive(key("short")))
        #expect(left > .zero && left <= .milliseconds(500))
        try await Task.sleep(for: .milliseconds(700))
        #expect(try await client.get(key("short")) == nil)

        try await client.set(key("later"), "v")
        #expect(try await client.expire(key("later"), ttl: .seconds(30)))
        let later = try #require(try await client.timeToLive(key("later")))
        #expect(later > .seconds(29) && later <= .seconds(30))
        #expect(try await !client.expire(key("nothing-here"), ttl: .seconds(1)))
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func setIfAbsentOnlyWinsOnce() async throws {
        #expect(try await client.setIfAbsent(key("lock"), "first", ttl: .seconds(5)))
        #expect(try await !client.setIfAbsent(key("lock"), "second", ttl: .seconds(5)))
        #expect(try await client.get(key("lock")) == "first")
        let left = try #require(try await client.timeToLive(key("lock")))
        #expect(left > .seconds(4))
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func incrementsAndMget() async throws {
        #expect(try await client.incr(key("n")) == 1)
        #expect(try await client.incr(key("n"), by: 41) == 42)
        #expect(try await client.incr(key("n"), by: -2) == 40)
        try await client.set(key("a"), "A")
        #expect(try await client.mget([key("a"), key("none"), key("n")]) == ["A", nil, "40"])
        #expect(try await client.mget([]) == [])
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func hashes() async throws {
        #expect(try await client.hset(key("h"), ["name": "alice", "kudos": "10"]) == 2)
        #expect(try await client.hset(key("h"), ["kudos": "11"]) == 0)
        #expect(try await client.hget(key("h"), "kudos") == "11")
        #expect(try await client.hget(key("h"), "none") == nil)
        #expect(try await client.hgetall(key("h")) == ["name": "alice", "kudos": "11"])
        #expect(try await client.hdel(key("h"), "name", "none") == 1)
        #expect(try await client.hgetall(key("h")) == ["kudos": "11"])
        #expect(try await client.hgetall(key("no-hash")) == [:])
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func binaryValuesAndKeysWithZeroBytes() async throws {
        let value: [UInt8] = [0, 0, 13, 10, 255, 0, 36, 42, 0] + Array(repeating: 0, count: 100_000) + [7]
        try await client.set(key("bin"), bytes: value)
        #expect(try await client.getBytes(key("bin")) == value)
        #expect(try await client.mgetBytes([key("bin")]) == [value])

        let binaryKey = Array(key("k").utf8) + [0, 1, 0]
        #expect(try await client.command([Array("SET".utf8), binaryKey, [0]]) == .simpleString("OK"))
        #expect(try await client.command([Array("GET".utf8), binaryKey]) == .bulkString([0]))
        #expect(try await client.command([Array("GET".utf8), Array(key("k").utf8)]) == .null)
        #expect(try await client.command([Array("DEL".utf8), binaryKey]) == .integer(1))

        try await client.set(key("empty"), bytes: [])
        #expect(try await client.getBytes(key("empty")) == [])
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func errorRepliesThrowServerErrorsAndKeepTheConnection() async throws {
        try await client.set(key("text"), "not a number")
        let error = await #expect(throws: RedisError.self) { try await client.incr(key("text")) }
        #expect(error?.code == .server)
        #expect(error?.detail.hasPrefix("ERR") == true)
        #expect(TestRedis.failures(client, "server") == 1)
        try await client.ping()
        #expect(try await client.get(key("text")) == "not a number")
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func luaScriptsRunWithKeysAndArguments() async throws {
        let script = RedisScript("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('STRLEN', KEYS[1])")
        #expect(try await client.eval(script, keys: [key("lua")], args: ["four"]) == .integer(4))
        #expect(try await client.eval(script, keys: [key("lua")], args: ["seven!!"]) == .integer(7))
        #expect(try await client.get(key("lua")) == "seven!!")
        let failing = RedisScript("return redis.error_reply('BROKEN on purpose')")
        let error = await #expect(throws: RedisError.self) { try await client.eval(failing) }
        #expect(error?.code == .server)
        #expect(error?.detail.contains("BROKEN on purpose") == true)
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func emptyCommandIsRejectedWithoutCostingTheConnection() async throws {
        try await client.ping()
        let error = await #expect(throws: RedisError.self) { try await client.command([String]()) }
        #expect(error?.code == .protocolError)
        await #expect(throws: RedisError.self) { try await client.pipeline([["PING"], []]) }
        try await client.ping()
        #expect(client.isAvailable)
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func pipelineOfAThousandCommands() async throws {
        let commands = (0..<1000).map { _ in ["INCR", key("p")] }
        let replies = try await client.pipeline(commands)
        #expect(replies == (1...1000).map { RESPValue.integer($0) })

        let sets = (0..<1000).map { ["SET", key("p\($0)"), "v\($0)"] }
        let acks = try await client.pipeline(sets)
        #expect(acks.allSatisfy { $0 == .simpleString("OK") })
        let values = try await client.mget((0..<1000).map { key("p\($0)") })
        #expect(values == (0..<1000).map { "v\($0)" })
        #expect(try await client.pipeline([[String]]()) == [])
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func pipelineKeepsErrorRepliesInPlace() async throws {
        try await client.set(key("s"), "x")
        let replies = try await client.pipeline([["SET", key("t"), "1"], ["INCR", key("s")], ["GET", key("t")]])
        #expect(replies.count == 3)
        #expect(replies[0] == .simpleString("OK"))
        #expect(replies[1].errorMessage != nil)
        #expect(replies[2] == .bulkString(Array("1".utf8)))
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func concurrentCallsFromManyTasksShareABoundedPool() async throws {
        let client = TestRedis.client("concurrent") { $0.poolSize = 4 }
        let admin = TestRedis.client("admin")
        let counter = key("concurrent")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<200 {
                group.addTask {
                    for step in 0..<50 {
                        _ = try await client.incr(counter)
                        if step % 10 == 0 {
                            try await client.set(key("c\(task)"), "\(step)")
                            #expect(try await client.get(key("c\(task)")) == "\(step)")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await client.get(counter) == "10000")
        let connections = try await TestRedis.connectionIDs(of: client, using: admin)
        #expect((1...4).contains(connections.count))
        await TestRedis.finish(prefix: prefix, closing: client, admin)
    }

    @Test func slowReplyTimesOutAndTheNextCallReconnects() async throws {
        let blockedList = key("never-filled")
        let elapsed = await TestRedis.elapsed {
            let error = await #expect(throws: RedisError.self) {
                try await client.command(["BLPOP", blockedList, "5"], timeout: .milliseconds(150))
            }
            #expect(error?.code == .timeout)
        }
        #expect(elapsed >= .milliseconds(140) && elapsed < .seconds(1))
        #expect(TestRedis.failures(client, "timeout") == 1)
        try await client.ping()
        #expect(client.isAvailable)
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func queuedCallTimesOutAtItsOwnDeadline() async throws {
        let client = TestRedis.client("queued") { $0.poolSize = 1 }
        try await client.ping()
        let slow = Task { try await client.command(["BLPOP", key("empty-list"), "1"]) }
        try await Task.sleep(for: .milliseconds(50))
        let elapsed = await TestRedis.elapsed {
            let error = await #expect(throws: RedisError.self) {
                try await client.command(["GET", key("x")], timeout: .milliseconds(100))
            }
            #expect(error?.code == .timeout)
        }
        #expect(elapsed < .milliseconds(600))
        #expect(try await slow.value == .null)
        try await client.ping()
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func cancelledWaiterReturnsPromptly() async throws {
        let client = TestRedis.client("cancel") { $0.poolSize = 1 }
        try await client.ping()
        let slow = Task { try await client.command(["BLPOP", key("empty-list"), "1"]) }
        try await Task.sleep(for: .milliseconds(50))
        let waiter = Task { try await client.get(key("x")) }
        try await Task.sleep(for: .milliseconds(50))
        let elapsed = await TestRedis.elapsed {
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
        }
        #expect(elapsed < .milliseconds(500))
        _ = try await slow.value
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func reconnectsAfterItsConnectionsAreKilled() async throws {
        let client = TestRedis.client("kill") { $0.poolSize = 2 }
        let admin = TestRedis.client("admin")
        try await client.set(key("survivor"), "1")
        let before = try await TestRedis.connectionIDs(of: client, using: admin)
        #expect(!before.isEmpty)
        for id in before { _ = try await admin.command(["CLIENT", "KILL", "ID", id]) }
        try await Task.sleep(for: .milliseconds(50))

        #expect(try await client.get(key("survivor")) == "1")
        #expect(try await client.incr(key("after-kill")) == 1)
        let after = try await TestRedis.connectionIDs(of: client, using: admin)
        #expect(!after.isEmpty && Set(after).isDisjoint(with: before))
        #expect(client.isAvailable)
        await TestRedis.finish(prefix: prefix, closing: client, admin)
    }

    @Test func closedClientFailsFast() async throws {
        try await client.ping()
        await TestRedis.finish(prefix: prefix, closing: client)
        let error = await #expect(throws: RedisError.self) { try await client.ping() }
        #expect(error?.code == .unavailable)
        #expect(!client.isAvailable)
    }

    @Test func selectsTheDatabaseFromTheURL() async throws {
        let db5 = TestRedis.client("db5", url: TestRedis.url(database: 5))
        let db0 = TestRedis.client("db0", url: TestRedis.url(database: 0))
        try await db5.set(key("db"), "five", ttl: .seconds(30))
        #expect(try await db5.get(key("db")) == "five")
        #expect(try await db0.get(key("db")) == nil)
        try await db5.delete(key("db"))
        await TestRedis.finish(prefix: prefix, closing: db5, db0)
    }
}
