import Testing

@testable import Messages

/// The error catalogue of the behaviour rules (section 7), row by row: every rc string with the HTTP status the
/// reference answers it with.
@Suite struct RCCatalogueTests {
    /// (rc, HTTP status) for every row of the catalogue.
    static let catalogue: [(String, Int)] = [
        ("MissingPrompt", 400), ("CorruptPrompt", 400), ("KudosValidationError", 400), ("NoValidActions", 400),
        ("InvalidSize", 400), ("InvalidPromptSize", 400), ("TooManySteps", 400), ("Profanity", 400),
        ("ProfaneWorkerName", 400), ("ProfaneBridgeAgent", 400), ("ProfaneWorkerInfo", 400),
        ("ProfaneUserName", 400), ("ProfaneUserContact", 400), ("ProfaneAdminComment", 400),
        ("ProfaneTeamName", 400), ("ProfaneTeamInfo", 400), ("TooLong", 400), ("TooLongWorkerName", 400),
        ("TooLongUserName", 400), ("NameAlreadyExists", 400), ("WorkerNameAlreadyExists", 400),
        ("TeamNameAlreadyExists", 400), ("PolymorphicNameConflict", 400), ("ImageValidationFailed", 400),
        ("SourceImageResolutionExceeded", 400), ("SourceImageSizeExceeded", 400), ("SourceImageUrlInvalid", 400),
        ("SourceImageUnreadable", 400), ("InpaintingMissingMask", 400), ("SourceMaskUnnecessary", 400),
        ("UnsupportedSampler", 400), ("UnsupportedModel", 400), ("ControlNetUnsupported", 400),
        ("ControlNetSourceMissing", 400), ("ControlNetInvalidPayload", 400), ("SourceImageRequiredForModel", 400),
        ("UnexpectedModelName", 400), ("TooManyUpscalers", 400), ("ProcGenNotFound", 400),
        ("InvalidAestheticAttempt", 400), ("AestheticsNotCompleted", 400), ("AestheticsNotPublic", 400),
        ("AestheticsDuplicate", 400), ("AestheticsMissing", 400), ("AestheticsSolo", 400),
        ("AestheticsConfused", 400), ("AestheticsAlreadyExist", 400), ("AestheticsServerRejected", 400),
        ("AestheticsServerError", 400), ("AestheticsServerDown", 400), ("AestheticsServerTimeout", 400),
        ("InvalidAPIKey", 401), ("WrongCredentials", 403), ("NotAdmin", 403), ("NotModerator", 403),
        ("NotOwner", 403), ("NotPrivileged", 403), ("AnonForbidden", 403), ("AnonForbiddenWorker", 403),
        ("AnonForbiddenUserMod", 403), ("NotTrusted", 403), ("UntrustedTeamCreation", 403),
        ("UntrustedUnsafeIP", 403), ("WorkerMaintenance", 403), ("WorkerFlaggedMaintenance", 403),
        ("TooManySameIPs", 403), ("WorkerInviteOnly", 403), ("UnsafeIP", 403), ("TimeoutIP", 403),
        ("TooManyNewIPs", 403), ("KudosUpfront", 403), ("SharedKeyInvalid", 400), ("SharedKeyEmpty", 403),
        ("SharedKeyExpired", 403), ("SharedKeyInsufficientKudos", 403), ("SharedKeyAssignedStyles", 403),
        ("InvalidJobID", 404), ("RequestNotFound", 404), ("WorkerNotFound", 404), ("TeamNotFound", 404),
        ("FilterNotFound", 404), ("UserNotFound", 404), ("DuplicateGen", 400), ("AbortedGen", 400),
        ("RequestExpired", 410), ("TooManyPrompts", 429), ("NoValidWorkers", 400), ("MaintenanceMode", 400),
        ("TargetAccountFlagged", 400), ("SourceAccountFlagged", 400), ("FaultWhenKudosReceiving", 400),
        ("FaultWhenKudosSending", 400), ("TooFastKudosTransfers", 400), ("KudosTransferToAnon", 400),
        ("KudosTransferToSelf", 400), ("KudosTransferNotEnough", 400), ("NegativeKudosTransfer", 400),
        ("KudosTransferFromAnon", 400), ("InvalidAwardUsername", 400), ("KudosAwardToAnon", 400),
        ("NotAllowedAwards", 403), ("NoWorkerModSelected", 400), ("NoUserModSelected", 400),
        ("NoHordeModSelected", 400), ("NoTeamModSelected", 400), ("NoFilterModSelected", 400),
        ("NoSharedKeyModSelected", 400), ("BadRequest", 400), ("Forbidden", 403), ("Locked", 423),
        ("ControlNetMismatch", 400), ("HiResFixMismatch", 400), ("TooManyLoras", 400), ("BadLoraVersion", 400),
        ("TooManyTIs", 400), ("BetaAnonForbidden", 403), ("BetaComparisonFault", 400), ("BadCFGDecimals", 400),
        ("BadCFGNumber", 400), ("BadClientAgent", 400), ("SpecialMissingPayload", 400), ("SpecialForbidden", 403),
        ("SpecialMissingUsername", 400), ("SpecialModelNeedsSpecialUser", 403),
        ("SpecialFieldNeedsSpecialUser", 400), ("Img2ImgMismatch", 400), ("TilingMismatch", 400),
        ("EducationCannotSendKudos", 400), ("InvalidPriorityUsername", 400), ("OnlyServiceAccountProxy", 400),
        ("RequiresTrust", 400), ("InvalidRemixModel", 400), ("InvalidExtraSourceImages", 400),
        ("TooManyExtraSourceImages", 400), ("MissingFullSamplerOrder", 400), ("TooManyStopSequences", 400),
        ("ExcessiveStopSequence", 400), ("TokenOverflow", 400), ("MoreThanMinExtraSourceImage", 400),
        ("InvalidExtraTexts", 400), ("MissingExtraTexts", 400), ("InvalidTransparencyModel", 400),
        ("InvalidTransparencyImg2Img", 400), ("InvalidTransparencyCN", 400), ("HiResMismatch", 400),
        ("StylesAnonForbidden", 403), ("StylePromptMissingVars", 400), ("StylesRequiresCustomizer", 403),
        ("StyleMismatch", 400), ("StyleGetMistmatch", 400), ("TooManyStyleExamples", 403),
        ("ExampleURLAlreadyInUse", 400), ("MessagesOnlyOwnWorkers", 403), ("NotUserOrMod", 403),
        ("CannotDeleteMod", 403), ("UserNotDeleted", 400), ("DeletedUser", 403), ("CannotWipeActiveUser", 403),
        ("NonServiceForbidden", 403), ("NulByteInPayload", 400), ("TooManyWorkers", 403),
        ("TooManyWorkersTrusted", 403), ("ControlNetInpaintingMismatch", 400), ("InvalidRemix", 400),
        ("ControlNetMismatch.", 400), ("BannedClientAgent", 403), ("AnonForbiddenUser", 403),
        ("InvalidKudosTransferAmount", 400), ("IdempotencyKeyConflict", 400), ("InvalidTargetUsername", 400),
        ("StyleNotFound", 404), ("CollectionNotFound", 404), ("Image styleNotFound", 404),
        ("Text styleNotFound", 404), ("Style exampleNotFound", 404), ("WorkermessageNotFound", 404),
    ]

    @Test func everyCatalogueCodeExistsWithItsStatus() {
        #expect(Self.catalogue.count == 176)
        for (name, status) in Self.catalogue {
            guard let rc = RC(rawValue: name) else {
                Issue.record("RC lacks \(name)")
                continue
            }
            #expect(rc.httpStatus == status, "\(name) answers \(rc.httpStatus), the catalogue says \(status)")
        }
    }

    @Test func codesBeyondTheCatalogueAreOnlyTheServersOwn() {
        let catalogued = Set(Self.catalogue.map(\.0))
        let extra = Set(RC.allCases.map(\.rawValue)).subtracting(catalogued)
        #expect(extra == [
            "ValidationError", "NotFound", "MethodNotAllowed", "RequestTimeout", "PayloadTooLarge", "HeadersTooLarge",
            "RateLimited", "InternalServerError", "ServiceUnavailable", "HTTPVersionNotSupported",
        ])
    }
}
