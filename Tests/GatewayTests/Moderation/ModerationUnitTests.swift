import Foundation
import HordeCore
import Testing

@testable import Gateway

@Suite("IP ranges, timeouts and the rate-limit table")
struct ModerationUnitTests {
    @Test func ipRangesParseAndMatch() throws {
        let block = try #require(IPRange("10.1.2.3/24"))
        #expect(block.description == "10.1.2.0/24")
        #expect(block.contains("10.1.2.200"))
        #expect(!block.contains("10.1.3.1"))
        #expect(!block.contains("not an ip"))
        let single = try #require(IPRange("192.168.0.7"))
        #expect(single.description == "192.168.0.7")
        #expect(single.contains("::ffff:192.168.0.7"))
        let v6 = try #require(IPRange(address: "2001:db8:1:2:3:4:5:6", ipv6Prefix: 64))
        #expect(v6.description == "2001:db8:1:2:0:0:0:0/64")
        #expect(v6.contains("2001:db8:1:2::99"))
        #expect(!v6.contains("2001:db8:1:3::1"))
        #expect(IPRange("10.0.0.0/33") == nil)
        #expect(IPRange("10.0.0.0/") == nil)
        #expect(IPRange("hello") == nil)
    }

    @Test func suspicionTimeoutsGrowAndAreCappedForServiceIPs() {
        #expect(IPSuspicion.timeout(previousSuspicion: 0, isServiceIP: false) == .seconds(180))
        #expect(IPSuspicion.timeout(previousSuspicion: 1, isServiceIP: false) == .seconds(540))
        #expect(IPSuspicion.timeout(previousSuspicion: 3, isServiceIP: false) == .seconds(1260))
        #expect(IPSuspicion.timeout(previousSuspicion: 3, isServiceIP: true) == .seconds(300))
    }

    @Test func theTableFollowsTheRules() {
        let table = RateLimitTable.v2
        func policy(_ method: String, _ path: String) -> RoutePolicy {
            table.policy(method: method, segments: path.split(separator: "/"))
        }
        #expect(policy("GET", "status/heartbeat").exempt)
        #expect(policy("GET", "generate/check/abc").limits == [.perSecond(10)])
        #expect(policy("GET", "generate/check/abc").timeoutGate == .defaultClientAgent)
        #expect(policy("DELETE", "generate/status/abc").limits == [.perMinute(10)])
        #expect(policy("GET", "generate/text/status/abc").limits == [.perMinute(60)])
        let async = policy("POST", "generate/async")
        #expect(async.maintenanceGate)
        #expect(async.limits(forServiceIP: false).contains(.perSecond(2)))
        #expect(async.limits(forServiceIP: true).contains(.perMinute(300)))
        #expect(policy("POST", "generate/text/pop").inviteGate)
        #expect(policy("GET", "workers/abc").limits == [.perMinute(30)])
        // A literal route wins over a parameter at the same place; unknown routes get the default.
        #expect(policy("GET", "workers/messages").limits == RoutePolicy.standard.limits)
        #expect(policy("GET", "stats/img/totals").limits == [.perMinute(90)])
        #expect(RateLimit.perMinute(90).label == "90 per 1 minute")
        #expect(RateLimit.perHour(20).label == "20 per 1 hour")
    }

    @Test func settingsParseAndRefuseGarbage() throws {
        let config = try ModerationConfig.fromEnvironment(
            Environment(["HORDE_ADMINS": "1, 42", "HORDE_RATE_LIMIT_EXEMPT_IPS": "none", "HORDE_SERVICE_IPS": "10.0.0.0/8"]))
        #expect(config.admins == [1, 42])
        #expect(config.exemptIPs.isEmpty)
        #expect(config.serviceIPs.first?.contains("10.9.9.9") == true)
        #expect(ModerationConfig.defaults.exemptIPs.count == 2)
        #expect(throws: ConfigError.self) { try ModerationConfig.fromEnvironment(Environment(["HORDE_ADMINS": "root"])) }
        #expect(throws: ConfigError.self) {
            try ModerationConfig.fromEnvironment(Environment(["HORDE_SERVICE_IPS": "10.0.0.0/99"]))
        }
    }

    @Test func timeoutMessagesShowSecondsUnderFourDays() {
        #expect(ModerationMiddleware.timeoutError(seconds: 180).message.contains("180 seconds"))
        #expect(!ModerationMiddleware.timeoutError(seconds: 5 * 86400).message.contains("seconds"))
        #expect(ModerationMiddleware.timeoutError(seconds: 1).rc == .timeoutIP)
    }

    @Test func markdownRendersHeadingsListsAndEscapes() {
        let html = MarkdownRenderer.html("# Title\n\nSome <b> text\n- one\n- two\n")
        #expect(html == "<h1>Title</h1>\n<p>Some &lt;b&gt; text</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>")
    }
}
