import Foundation
import Testing

@testable import Domain

@Suite struct DeterministicIDTests {
    @Test func sameFactsSameIdDifferentPurposeDifferentId() {
        let request = UUID()
        #expect(DeterministicID.make("queued", request) == DeterministicID.make("queued", request))
        #expect(DeterministicID.make("queued", request) != DeterministicID.make("finished", request))
        #expect(DeterministicID.make("job", "a", "0") != DeterministicID.make("job", "a", "1"))
    }

    @Test func idsAreVersionFiveShaped() {
        let id = DeterministicID.make("queued", UUID()).uuidString
        let characters = Array(id)
        #expect(characters[14] == "5")
        #expect(["8", "9", "A", "B"].contains(characters[19]))
    }
}
