import Foundation
import HordeCore
import Testing

@testable import Gateway

@Suite("API keys")
struct AuthTests {
    @Test func keysAreStoredAsSaltedSHA256() {
        let hasher = APIKeyHasher(salt: "pepper")
        let hash = hasher.hash("0000000000")
        #expect(hash == SHA256.hexDigest("pepper0000000000"))
        #expect(hash.count == 64)
        #expect(hash != APIKeyHasher(salt: "other").hash("0000000000"), "the salt changes every hash")
        #expect(APIKeyHasher.matches(hash, hasher.hash("0000000000")))
        #expect(!APIKeyHasher.matches(hash, hasher.hash("0000000001")))
        #expect(!APIKeyHasher.matches(hash, String(hash.dropLast())))
    }

    @Test func newKeysAre22URLSafeCharacters() {
        let keys = (0..<100).map { _ in APIKeyGenerator.make() }
        #expect(Set(keys).count == 100)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for key in keys {
            #expect(key.count == 22)
            #expect(key.allSatisfy(allowed.contains))
        }
    }

    @Test func userCommandArguments() {
        let options = UserCommand.parse(["create", "--username", "alice", "--moderator", "--kudos", "100", "--json"])
        #expect(options == UserCreation.Options(username: "alice", moderator: true, trusted: false, kudos: 100, json: true))
        #expect(UserCommand.parse(["create"]) == nil)
        #expect(UserCommand.parse(["create", "--username"]) == nil)
        #expect(UserCommand.parse(["create", "--username", "a", "--kudos", "lots"]) == nil)
        #expect(UserCommand.parse(["delete", "--username", "a"]) == nil)
        #expect(UserCommand.parse(["create", "--username", "a", "--bogus"]) == nil)
    }

    @Test func priorityUsernamesNeedAliasAndNumber() throws {
        #expect(try PopRequestBuilder.priorityUserId("alice#12") == 12)
        #expect(try PopRequestBuilder.priorityUserId("a#b#3") == 3)
        for bad in ["alice", "alice#", "#", "alice#x1", "alice#١"] {
            #expect(throws: (any Error).self) { try PopRequestBuilder.priorityUserId(bad) }
        }
    }
}
