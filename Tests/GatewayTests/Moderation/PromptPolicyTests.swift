import Foundation
import Testing

@testable import Gateway

@Suite("Prompt filters")
struct PromptPolicyTests {
    let filters = FilterSet(filters: [
        FilterRecord(regex: "loli", filterType: 10, replacement: "woman"),
        FilterRecord(regex: #"\bkid\b"#, filterType: 11),
        FilterRecord(regex: "nsfw|nude", filterType: 20),
    ])

    @Test func normalisationDefeatsSpacingWeightsWidthAndAccents() {
        #expect(PromptNormalizer.normalize("(L o l i:1.3), café") == "loli cafe")
        #expect(PromptNormalizer.normalize("Ｌｏｌｉ!!") == "loli")
        #expect(PromptNormalizer.normalize("a cat on a mat") == "a cat on a mat")
    }

    @Test func eachGroupAddsOnePointAndBothAreCorrupt() {
        #expect(PromptPolicy.score("a cat", filters: filters) == PromptVerdict(suspicion: 0, matches: []))
        #expect(PromptPolicy.score("l o l i portrait", filters: filters).suspicion == 1)
        #expect(PromptPolicy.score("nude statue", filters: filters).suspicion == 1)
        let both = PromptPolicy.score("nude (kid:1.2)", filters: filters)
        #expect(both.suspicion == 2)
        #expect(both.isCorrupt)
        #expect(both.matches.contains("kid"))
        #expect(PromptPolicy.score("nude 👧", filters: filters).suspicion == 2)
    }

    @Test func theNegativePromptIsNotScored() {
        #expect(PromptPolicy.score("nude statue ### kid", filters: filters).suspicion == 1)
    }

    @Test func replacementRewritesTypeTenAndExtendsTheNegativePrompt() throws {
        let replaced = try #require(PromptPolicy.replaced("nude loli ### blurry", filters: filters))
        #expect(replaced.hasPrefix("nude woman ###"))
        #expect(replaced.contains("blurry"))
        #expect(replaced.hasSuffix(PromptPolicy.minorNegativeTerms))
        let noNegative = try #require(PromptPolicy.replaced("nude loli", filters: filters))
        #expect(noNegative == "nude woman ### \(PromptPolicy.minorNegativeTerms)")
    }

    @Test func replacementThatLeavesNothingIsNil() {
        let empties = FilterSet(filters: [FilterRecord(regex: "loli", filterType: 10, replacement: "")])
        #expect(PromptPolicy.replaced("loli ### x", filters: empties) == nil)
    }

    @Test func ageWordsAreRewrittenForNSFWModels() {
        #expect(PromptPolicy.hintsAtMinors("a young girl", filters: filters))
        #expect(!PromptPolicy.hintsAtMinors("a lighthouse", filters: filters))
        #expect(PromptPolicy.agesRewritten("a young girl and her son ### ugly") == "a adult adult woman and her adult man ### ugly")
    }

    @Test func invalidRegexesAreLeftOutAndTypesAreJoined() {
        let set = FilterSet(filters: [
            FilterRecord(regex: "a(", filterType: 10), FilterRecord(regex: "x", filterType: 10),
            FilterRecord(regex: "y", filterType: 10),
        ])
        #expect(set.sources[10] == "(?:x)|(?:y)")
        #expect(set.matches(ofType: 10, in: "xyz") == ["x", "y"])
        #expect(set.matches(ofType: 20, in: "xyz").isEmpty)
    }
}
