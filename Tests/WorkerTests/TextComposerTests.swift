import Testing

@testable import Worker

@Suite("Text generator")
struct TextComposerTests {
    /// The horde's token count for a delivered text (HORDE_RULES 4.3), before its floor of 20.
    private func tokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

    @Test func sameInputsGiveTheSameText() {
        let first = TextComposer.compose(prompt: "Once upon a time", seed: 9, maxLength: 80)
        #expect(first == TextComposer.compose(prompt: "Once upon a time", seed: 9, maxLength: 80))
        #expect(first.hasPrefix(" "))
    }

    @Test func textDependsOnPromptAndSeed() {
        let base = TextComposer.compose(prompt: "Once upon a time", seed: 9, maxLength: 80)
        #expect(TextComposer.compose(prompt: "Once upon a time", seed: 10, maxLength: 80) != base)
        #expect(TextComposer.compose(prompt: "In a galaxy far away", seed: 9, maxLength: 80) != base)
    }

    @Test(arguments: [1, 2, 16, 50, 80, 512, 4096])
    func neverExceedsMaxLengthTokens(maxLength: Int) {
        for seed in UInt64(0)..<20 {
            let text = TextComposer.compose(prompt: "Tell me about dragons and ünïcödé", seed: seed, maxLength: maxLength)
            #expect(tokens(text) <= maxLength)
            #expect(!text.isEmpty)
        }
    }

    @Test func longerBudgetsGiveLongerTexts() {
        let short = TextComposer.compose(prompt: "p", seed: 1, maxLength: 16)
        let long = TextComposer.compose(prompt: "p", seed: 1, maxLength: 512)
        #expect(long.count > short.count * 5)
    }

    @Test func usesWordsFromThePrompt() {
        let text = TextComposer.compose(prompt: "zeppelin zeppelin zeppelin", seed: 3, maxLength: 1024)
        #expect(text.lowercased().contains("zeppelin"))
    }

    @Test func stopSequencesCutTheText() {
        let text = " The river waits. The tower glows."
        #expect(TextComposer.applyStops(text, stopSequences: ["tower"], singleLine: false) == " The river waits. The ")
        #expect(TextComposer.applyStops(" one\ntwo", stopSequences: [], singleLine: true) == " one")
        #expect(TextComposer.applyStops(text, stopSequences: [""], singleLine: false) == text)
    }
}
