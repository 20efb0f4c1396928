import Testing

@testable import Messages

@Suite struct RCTests {
    @Test func catalogueHasEveryReferenceCodeOnce() {
        let names = RC.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        for name in ["MissingPrompt", "InvalidAPIKey", "KudosUpfront", "WorkerMaintenance", "InvalidJobID",
                     "DuplicateGen", "AbortedGen", "TooManyPrompts", "Image styleNotFound", "ControlNetMismatch."] {
            #expect(RC(rawValue: name) != nil, "missing \(name)")
        }
    }

    @Test func statusesFollowTheReference() {
        #expect(RC.invalidAPIKey.httpStatus == 401)
        #expect(RC.wrongCredentials.httpStatus == 403)
        #expect(RC.kudosUpfront.httpStatus == 403)
        #expect(RC.invalidJobID.httpStatus == 404)
        #expect(RC.requestNotFound.httpStatus == 404)
        #expect(RC.duplicateGen.httpStatus == 400)
        #expect(RC.requestExpired.httpStatus == 410)
        #expect(RC.tooManyPrompts.httpStatus == 429)
        #expect(RC.locked.httpStatus == 423)
        #expect(RC.sharedKeyInvalid.httpStatus == 400)
        #expect(RC.missingPrompt.httpStatus == 400)
        #expect(RC.payloadTooLarge.httpStatus == 413)
        #expect(RC.rateLimited.httpStatus == 429)
        #expect(RC.internalServerError.httpStatus == 500)
    }
}
