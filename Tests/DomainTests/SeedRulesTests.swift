import Testing

@testable import Domain
@testable import Messages

@Suite struct SeedRulesTests {
    @Test func stringSeedsFoldLikeTheReference() {
        #expect(SeedRules.integerSeed("42") == 42)
        #expect(SeedRules.integerSeed("4294967296") == 1)
        #expect(SeedRules.integerSeed("12345678901234567890") == 2_874_452_364)
        #expect(SeedRules.integerSeed("99999999999999999999999999999") == 1)
        #expect(SeedRules.integerSeed("abc") == 6_513_249)
        #expect(SeedRules.integerSeed("The little seed that could") == 25708)
        #expect(SeedRules.integerSeed("héllo") == 28524)
        #expect(SeedRules.integerSeed("-5") == 13613)
    }

    @Test func absentOrEmptySeedsAreRandomPerPop() {
        #expect(SeedRules.integerSeed(nil) == nil)
        #expect(SeedRules.integerSeed("") == nil)
        #expect(SeedRules.integerSeed(.null) == nil)
        let payload: JSONValue = ["prompt": "a cat"]
        #expect(SeedRules.popSeed(payload: payload, waiting: 3, random: { 7 }) == 7)
        let seeds = Set((0..<20).map { _ in SeedRules.popSeed(payload: payload, waiting: 1) })
        #expect(seeds.count > 1)
        #expect(seeds.allSatisfy { $0 < SeedRules.bound })
    }

    @Test func variationAddsPerJobStillWaiting() {
        let payload: JSONValue = ["seed": "100", "seed_variation": 5]
        #expect(SeedRules.popSeed(payload: payload, waiting: 4, random: { 0 }) == 120)
        #expect(SeedRules.popSeed(payload: payload, waiting: 1, random: { 0 }) == 105)
        let wrapping: JSONValue = ["seed": "4294967295", "seed_variation": 1000]
        #expect(SeedRules.popSeed(payload: wrapping, waiting: 3, random: { 0 }) == 1)
    }

    @Test func numericSeedsAreAcceptedAndHostileValuesDoNotTrap() {
        #expect(SeedRules.integerSeed(.number(1234)) == 1234)
        #expect(SeedRules.integerSeed(.number(-1234)) == 1234)
        #expect(SeedRules.integerSeed(.number(.infinity)) == nil)
        #expect(SeedRules.integerSeed(.number(1e300)) != nil)
        let hostile: JSONValue = ["seed": "1", "seed_variation": .number(9e15)]
        #expect(SeedRules.popSeed(payload: hostile, waiting: Int.max, random: { 0 }) < SeedRules.bound)
    }
}
