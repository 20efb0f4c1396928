import HTTP
import Testing

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsDuplicatesInOrder() {
        var headers = HTTPHeaders([("Accept", "a"), ("X-Thing", "1")])
        headers.add("accept", "b")
        #expect(headers["ACCEPT"] == "a")
        #expect(headers.values("Accept") == ["a", "b"])
        #expect(headers["missing"] == nil)
        #expect(headers.count == 3)
        #expect(headers.map(\.name) == ["Accept", "X-Thing", "accept"])
    }

    @Test func setReplacesEveryValueInPlace() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        headers.set("a", "9")
        #expect(headers.map(\.name) == ["A", "B"])
        #expect(headers.values("A") == ["9"])
        headers.set("C", "new")
        #expect(headers["c"] == "new")
    }

    @Test func removeDropsEveryValue() {
        var headers: HTTPHeaders = ["Cookie": "a"]
        headers.add("cookie", "b")
        headers.remove("COOKIE")
        #expect(headers.isEmpty)
    }

    @Test func tokenListsAreSplitAndCompared() {
        let headers = HTTPHeaders([("Connection", "Upgrade, Keep-Alive"), ("Connection", " close ")])
        #expect(headers.containsToken("keep-alive", in: "connection"))
        #expect(headers.containsToken("close", in: "Connection"))
        #expect(!headers.containsToken("upgraded", in: "Connection"))
    }
}
