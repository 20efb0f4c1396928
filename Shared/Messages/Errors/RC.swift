/// Every `rc` the API can return, with its HTTP status: the single source of truth for error codes.
///
/// Generated from the reference's error catalogue (HORDE_RULES section 7) plus the codes this server adds for
/// framing, routing and rate limits (which the reference answers without an rc). A case's raw value is the exact
/// wire string, including the reference's odd spellings (`ControlNetMismatch.`, `Image styleNotFound`).
package enum RC: String, CaseIterable, Sendable, Codable {
    /// Empty prompt (schema min length 1 usually catches it first).
    case missingPrompt = "MissingPrompt"
    /// Prompt rejected by the moderation filters / NSFW-model rule.
    case corruptPrompt = "CorruptPrompt"
    /// Base code for kudos transfer/award failures (never on its own).
    case kudosValidationError = "KudosValidationError"
    /// Base code for "no modification selected" (never on its own).
    case noValidActions = "NoValidActions"
    /// Dimensions not multiple of 64 (never; schema enforces).
    case invalidSize = "InvalidSize"
    /// Image prompt over 7500 words.
    case invalidPromptSize = "InvalidPromptSize"
    /// Over 500 steps (never; schema enforces).
    case tooManySteps = "TooManySteps"
    /// Base profanity code (never on its own).
    case profanity = "Profanity"
    /// Profane worker name.
    case profaneWorkerName = "ProfaneWorkerName"
    /// Profane bridge agent.
    case profaneBridgeAgent = "ProfaneBridgeAgent"
    /// Profane worker info.
    case profaneWorkerInfo = "ProfaneWorkerInfo"
    /// Profane username.
    case profaneUserName = "ProfaneUserName"
    /// Profane contact.
    case profaneUserContact = "ProfaneUserContact"
    /// Profane admin comment.
    case profaneAdminComment = "ProfaneAdminComment"
    /// Profane team name.
    case profaneTeamName = "ProfaneTeamName"
    /// Profane team info.
    case profaneTeamInfo = "ProfaneTeamInfo"
    /// Base too-long code (never on its own).
    case tooLong = "TooLong"
    /// Worker name > 100 (also used for worker info > 1000).
    case tooLongWorkerName = "TooLongWorkerName"
    /// Username > 30.
    case tooLongUserName = "TooLongUserName"
    /// Base name-taken code (never on its own).
    case nameAlreadyExists = "NameAlreadyExists"
    /// Rename to a taken worker name.
    case workerNameAlreadyExists = "WorkerNameAlreadyExists"
    /// Team name taken.
    case teamNameAlreadyExists = "TeamNameAlreadyExists"
    /// Name used by a worker of another kind.
    case polymorphicNameConflict = "PolymorphicNameConflict"
    /// Generic source-image failure (fetch/decode).
    case imageValidationFailed = "ImageValidationFailed"
    /// Source > 3072x3072 px, or interrogation image > 255 tiles.
    case sourceImageResolutionExceeded = "SourceImageResolutionExceeded"
    /// Source URL content > 5 MB.
    case sourceImageSizeExceeded = "SourceImageSizeExceeded"
    /// URL is not an image.
    case sourceImageUrlInvalid = "SourceImageUrlInvalid"
    /// Image could not be opened.
    case sourceImageUnreadable = "SourceImageUnreadable"
    /// Inpainting without mask or alpha channel.
    case inpaintingMissingMask = "InpaintingMissingMask"
    /// Mask sent without source image.
    case sourceMaskUnnecessary = "SourceMaskUnnecessary"
    /// Sampler unsupported (never).
    case unsupportedSampler = "UnsupportedSampler"
    /// Base unsupported-model code (never on its own).
    case unsupportedModel = "UnsupportedModel"
    /// ControlNet type not available for SD2 / pix2pix.
    case controlNetUnsupported = "ControlNetUnsupported"
    /// ControlNet without source image.
    case controlNetSourceMissing = "ControlNetSourceMissing"
    /// Init_as_image together with return_control_map.
    case controlNetInvalidPayload = "ControlNetInvalidPayload"
    /// Depth/pix2pix model without source image.
    case sourceImageRequiredForModel = "SourceImageRequiredForModel"
    /// Post-processor or controlnet name used as model.
    case unexpectedModelName = "UnexpectedModelName"
    /// More than one upscaler.
    case tooManyUpscalers = "TooManyUpscalers"
    /// Rated image id not in this request.
    case procGenNotFound = "ProcGenNotFound"
    /// Generic rating failure.
    case invalidAestheticAttempt = "InvalidAestheticAttempt"
    /// Rating an unfinished request.
    case aestheticsNotCompleted = "AestheticsNotCompleted"
    /// Rating a non-shared request.
    case aestheticsNotPublic = "AestheticsNotPublic"
    /// Same image rated twice.
    case aestheticsDuplicate = "AestheticsDuplicate"
    /// Neither ratings nor best given.
    case aestheticsMissing = "AestheticsMissing"
    /// Best-of on a single-image set.
    case aestheticsSolo = "AestheticsSolo"
    /// Best pick not among top ratings.
    case aestheticsConfused = "AestheticsConfused"
    /// Rating server says already rated.
    case aestheticsAlreadyExist = "AestheticsAlreadyExist"
    /// Rating server unparseable reply.
    case aestheticsServerRejected = "AestheticsServerRejected"
    /// Rating server returned an error.
    case aestheticsServerError = "AestheticsServerError"
    /// Rating server unreachable.
    case aestheticsServerDown = "AestheticsServerDown"
    /// Rating server timeout (3 s).
    case aestheticsServerTimeout = "AestheticsServerTimeout"
    /// Key (or shared key) matches nobody.
    case invalidAPIKey = "InvalidAPIKey"
    /// Key does not own the worker/job.
    case wrongCredentials = "WrongCredentials"
    /// Needs admin (ADMINS list).
    case notAdmin = "NotAdmin"
    /// Needs moderator (also used for non-owner worker/team edits).
    case notModerator = "NotModerator"
    /// Needs owner.
    case notOwner = "NotOwner"
    /// Hard-coded privilege missing.
    case notPrivileged = "NotPrivileged"
    /// Anonymous not allowed.
    case anonForbidden = "AnonForbidden"
    /// Anonymous tried to run/modify a worker.
    case anonForbiddenWorker = "AnonForbiddenWorker"
    /// Anonymous tried to modify its account.
    case anonForbiddenUserMod = "AnonForbiddenUserMod"
    /// Base untrusted code (never on its own).
    case notTrusted = "NotTrusted"
    /// Untrusted user creating a team.
    case untrustedTeamCreation = "UntrustedTeamCreation"
    /// Untrusted client on unsafe IP during raid mode.
    case untrustedUnsafeIP = "UntrustedUnsafeIP"
    /// Worker in maintenance and no own job found.
    case workerMaintenance = "WorkerMaintenance"
    /// Worker owner flagged.
    case workerFlaggedMaintenance = "WorkerFlaggedMaintenance"
    /// Too many workers on one IP.
    case tooManySameIPs = "TooManySameIPs"
    /// Invite-only mode, no invitation left.
    case workerInviteOnly = "WorkerInviteOnly"
    /// Worker IP judged VPN/unsafe.
    case unsafeIP = "UnsafeIP"
    /// IP in timeout (message shows seconds if < 4 days).
    case timeoutIP = "TimeoutIP"
    /// IP checker unavailable, retry later.
    case tooManyNewIPs = "TooManyNewIPs"
    /// Not enough kudos for an upfront-priced request.
    case kudosUpfront = "KudosUpfront"
    /// Style attach with unknown shared key (as BadRequest).
    case sharedKeyInvalid = "SharedKeyInvalid"
    /// Shared key budget is 0 (400 as BadRequest on style attach).
    case sharedKeyEmpty = "SharedKeyEmpty"
    /// Shared key expired (400 in transfers; 400 as BadRequest on style attach).
    case sharedKeyExpired = "SharedKeyExpired"
    /// Key budget below the estimate.
    case sharedKeyInsufficientKudos = "SharedKeyInsufficientKudos"
    /// Style-bound key used directly.
    case sharedKeyAssignedStyles = "SharedKeyAssignedStyles"
    /// Submitted job id unknown (WP likely expired).
    case invalidJobID = "InvalidJobID"
    /// Request id unknown (also non-UUID ids).
    case requestNotFound = "RequestNotFound"
    /// Worker id/name unknown (also for unknown ids in `workers`).
    case workerNotFound = "WorkerNotFound"
    /// Team id unknown.
    case teamNotFound = "TeamNotFound"
    /// Filter id unknown.
    case filterNotFound = "FilterNotFound"
    /// User id unknown / non-numeric / find_user miss.
    case userNotFound = "UserNotFound"
    /// Job already submitted.
    case duplicateGen = "DuplicateGen"
    /// Job was already aborted (timeout).
    case abortedGen = "AbortedGen"
    /// Request expired (never; retired sync endpoint only).
    case requestExpired = "RequestExpired"
    /// Concurrency limit exceeded.
    case tooManyPrompts = "TooManyPrompts"
    /// No worker can serve (never; retired sync endpoint only).
    case noValidWorkers = "NoValidWorkers"
    /// Horde in maintenance (swagger claims 503).
    case maintenanceMode = "MaintenanceMode"
    /// Transfer destination flagged.
    case targetAccountFlagged = "TargetAccountFlagged"
    /// Transfer source flagged.
    case sourceAccountFlagged = "SourceAccountFlagged"
    /// Destination suspicious.
    case faultWhenKudosReceiving = "FaultWhenKudosReceiving"
    /// Source suspicious.
    case faultWhenKudosSending = "FaultWhenKudosSending"
    /// Reverse transfer within 60 s.
    case tooFastKudosTransfers = "TooFastKudosTransfers"
    /// Destination is anonymous.
    case kudosTransferToAnon = "KudosTransferToAnon"
    /// Destination is self.
    case kudosTransferToSelf = "KudosTransferToSelf"
    /// Insufficient available kudos.
    case kudosTransferNotEnough = "KudosTransferNotEnough"
    /// Negative amount.
    case negativeKudosTransfer = "NegativeKudosTransfer"
    /// Source is anonymous.
    case kudosTransferFromAnon = "KudosTransferFromAnon"
    /// Award target unknown.
    case invalidAwardUsername = "InvalidAwardUsername"
    /// Award to anonymous.
    case kudosAwardToAnon = "KudosAwardToAnon"
    /// Caller may not award.
    case notAllowedAwards = "NotAllowedAwards"
    /// Empty worker PUT.
    case noWorkerModSelected = "NoWorkerModSelected"
    /// Empty user PUT.
    case noUserModSelected = "NoUserModSelected"
    /// Empty modes PUT.
    case noHordeModSelected = "NoHordeModSelected"
    /// Empty team PATCH.
    case noTeamModSelected = "NoTeamModSelected"
    /// Empty filter PATCH.
    case noFilterModSelected = "NoFilterModSelected"
    /// Empty shared-key PATCH.
    case noSharedKeyModSelected = "NoSharedKeyModSelected"
    /// Generic bad request.
    case badRequest = "BadRequest"
    /// Generic forbidden.
    case forbidden = "Forbidden"
    /// Worker delete blocked by referencing jobs (retry ~20 min).
    case locked = "Locked"
    /// ControlNet with SDXL/Cascade/Flux/Qwen/Z-Image.
    case controlNetMismatch = "ControlNetMismatch"
    /// (never; HiResMismatch used).
    case hiResFixMismatch = "HiResFixMismatch"
    /// More than 5 LoRas.
    case tooManyLoras = "TooManyLoras"
    /// Is_version with non-numeric name.
    case badLoraVersion = "BadLoraVersion"
    /// More than 20 TIs.
    case tooManyTIs = "TooManyTIs"
    /// Anonymous using SDXL_beta.
    case betaAnonForbidden = "BetaAnonForbidden"
    /// SDXL_beta with n=1.
    case betaComparisonFault = "BetaComparisonFault"
    /// Cfg_scale with more than 2 decimals.
    case badCFGDecimals = "BadCFGDecimals"
    /// Cfg_scale not a number.
    case badCFGNumber = "BadCFGNumber"
    /// (never; BannedClientAgent used).
    case badClientAgent = "BadClientAgent"
    /// Special model without special payload.
    case specialMissingPayload = "SpecialMissingPayload"
    /// Special model owned by another user (as Forbidden).
    case specialForbidden = "SpecialForbidden"
    /// Special model name without `::alias`.
    case specialMissingUsername = "SpecialMissingUsername"
    /// Non-special user asks special model (as Forbidden).
    case specialModelNeedsSpecialUser = "SpecialModelNeedsSpecialUser"
    /// Non-special user sends `special` params (as BadRequest).
    case specialFieldNeedsSpecialUser = "SpecialFieldNeedsSpecialUser"
    /// (never).
    case img2ImgMismatch = "Img2ImgMismatch"
    /// (never).
    case tilingMismatch = "TilingMismatch"
    /// Education account sending kudos.
    case educationCannotSendKudos = "EducationCannotSendKudos"
    /// Priority username not `alias#id` (interrogation pop: plain BadRequest).
    case invalidPriorityUsername = "InvalidPriorityUsername"
    /// Proxied_account from non-service user.
    case onlyServiceAccountProxy = "OnlyServiceAccountProxy"
    /// Disable_batching by untrusted non-patron.
    case requiresTrust = "RequiresTrust"
    /// (never; InvalidRemix used).
    case invalidRemixModel = "InvalidRemixModel"
    /// Extra images without remix / on text (.).
    case invalidExtraSourceImages = "InvalidExtraSourceImages"
    /// More than 5 extra images (.).
    case tooManyExtraSourceImages = "TooManyExtraSourceImages"
    /// Text sampler_order with < 7 distinct samplers.
    case missingFullSamplerOrder = "MissingFullSamplerOrder"
    /// More than 128 stop sequences.
    case tooManyStopSequences = "TooManyStopSequences"
    /// Stop sequences total > 2000 chars.
    case excessiveStopSequence = "ExcessiveStopSequence"
    /// Max_length > max_context_length.
    case tokenOverflow = "TokenOverflow"
    /// > 1 extra image by untrusted non-patron (.).
    case moreThanMinExtraSourceImage = "MoreThanMinExtraSourceImage"
    /// Extra_texts outside qr_code workflow (.).
    case invalidExtraTexts = "InvalidExtraTexts"
    /// Qr_code without a `qr_code` extra text (.).
    case missingExtraTexts = "MissingExtraTexts"
    /// Transparent with non SD1/SDXL model.
    case invalidTransparencyModel = "InvalidTransparencyModel"
    /// Transparent with extra source images.
    case invalidTransparencyImg2Img = "InvalidTransparencyImg2Img"
    /// Transparent with ControlNet.
    case invalidTransparencyCN = "InvalidTransparencyCN"
    /// Hires_fix with Flux/Qwen/Z-Image.
    case hiResMismatch = "HiResMismatch"
    /// Anonymous creating/deleting styles or collections.
    case stylesAnonForbidden = "StylesAnonForbidden"
    /// Style prompt lacks `{p}`/`{np}` (as BadRequest).
    case stylePromptMissingVars = "StylePromptMissingVars"
    /// Style creation without customizer/trusted.
    case stylesRequiresCustomizer = "StylesRequiresCustomizer"
    /// Style type does not match request / mixed collection (as BadRequest).
    case styleMismatch = "StyleMismatch"
    /// Fetched style of the other type (as BadRequest).
    case styleGetMistmatch = "StyleGetMistmatch"
    /// More than 4 examples (as Forbidden).
    case tooManyStyleExamples = "TooManyStyleExamples"
    /// Duplicate example URL (as BadRequest).
    case exampleURLAlreadyInUse = "ExampleURLAlreadyInUse"
    /// Message to someone else's worker.
    case messagesOnlyOwnWorkers = "MessagesOnlyOwnWorkers"
    /// Deleting another user without mod.
    case notUserOrMod = "NotUserOrMod"
    /// Deleting a moderator.
    case cannotDeleteMod = "CannotDeleteMod"
    /// Undelete on active user.
    case userNotDeleted = "UserNotDeleted"
    /// Account scheduled for deletion (400 inside transfers).
    case deletedUser = "DeletedUser"
    /// Wipe within 30 days of activity.
    case cannotWipeActiveUser = "CannotWipeActiveUser"
    /// Proxy passkey by non-service user.
    case nonServiceForbidden = "NonServiceForbidden"
    /// A string in the payload contains NUL.
    case nulByteInPayload = "NulByteInPayload"
    /// Untrusted owner with more than 3 workers (not in official list).
    case tooManyWorkers = "TooManyWorkers"
    /// Owner over 20 workers and invitations (not in list).
    case tooManyWorkersTrusted = "TooManyWorkersTrusted"
    /// ControlNet with inpainting (not in list).
    case controlNetInpaintingMismatch = "ControlNetInpaintingMismatch"
    /// Remix on non-Stable-Cascade model (not in list).
    case invalidRemix = "InvalidRemix"
    /// Qr_code on non SD1/SDXL model (trailing dot).
    case controlNetMismatchDotted = "ControlNetMismatch."
    /// Blocked Client-Agent `My-Project:v0.0.1:My-Contact`.
    case bannedClientAgent = "BannedClientAgent"
    /// Anonymous calling user DELETE.
    case anonForbiddenUser = "AnonForbiddenUser"
    /// Transfer of 0.
    case invalidKudosTransferAmount = "InvalidKudosTransferAmount"
    /// Idempotency key reused with other parameters.
    case idempotencyKeyConflict = "IdempotencyKeyConflict"
    /// Transfer destination not found.
    case invalidTargetUsername = "InvalidTargetUsername"
    /// Style id/name unknown.
    case styleNotFound = "StyleNotFound"
    /// Collection unknown.
    case collectionNotFound = "CollectionNotFound"
    /// Image style id unknown on the typed endpoint.
    case imageStyleNotFound = "Image styleNotFound"
    /// Text style id unknown on the typed endpoint.
    case textStyleNotFound = "Text styleNotFound"
    /// Style example unknown (rc has a space).
    case styleExampleNotFound = "Style exampleNotFound"
    /// Worker message unknown.
    case workermessageNotFound = "WorkermessageNotFound"
    /// The payload does not match the schema (comes with an `errors` object).
    case validationError = "ValidationError"
    /// No such route.
    case notFound = "NotFound"
    /// The route exists for other methods.
    case methodNotAllowed = "MethodNotAllowed"
    /// The request head did not arrive in time.
    case requestTimeout = "RequestTimeout"
    /// The body exceeds the limit.
    case payloadTooLarge = "PayloadTooLarge"
    /// The request line or headers exceed the limit.
    case headersTooLarge = "HeadersTooLarge"
    /// Too many requests in the window (comes with Retry-After).
    case rateLimited = "RateLimited"
    /// An unexpected failure; details are only in the logs.
    case internalServerError = "InternalServerError"
    /// A dependency is down or the server is draining.
    case serviceUnavailable = "ServiceUnavailable"
    /// HTTP version other than 1.0 and 1.1.
    case hTTPVersionNotSupported = "HTTPVersionNotSupported"

    /// The HTTP status the reference returns with this rc.
    package var httpStatus: Int {
        switch self {
        case .invalidAPIKey:
            401
        case .wrongCredentials, .notAdmin, .notModerator, .notOwner, .notPrivileged, .anonForbidden, .anonForbiddenWorker, .anonForbiddenUserMod, .notTrusted, .untrustedTeamCreation, .untrustedUnsafeIP, .workerMaintenance, .workerFlaggedMaintenance, .tooManySameIPs, .workerInviteOnly, .unsafeIP, .timeoutIP, .tooManyNewIPs, .kudosUpfront, .sharedKeyEmpty, .sharedKeyExpired, .sharedKeyInsufficientKudos, .sharedKeyAssignedStyles, .notAllowedAwards, .forbidden, .betaAnonForbidden, .specialForbidden, .specialModelNeedsSpecialUser, .stylesAnonForbidden, .stylesRequiresCustomizer, .tooManyStyleExamples, .messagesOnlyOwnWorkers, .notUserOrMod, .cannotDeleteMod, .deletedUser, .cannotWipeActiveUser, .nonServiceForbidden, .tooManyWorkers, .tooManyWorkersTrusted, .bannedClientAgent, .anonForbiddenUser:
            403
        case .invalidJobID, .requestNotFound, .workerNotFound, .teamNotFound, .filterNotFound, .userNotFound, .styleNotFound, .collectionNotFound, .imageStyleNotFound, .textStyleNotFound, .styleExampleNotFound, .workermessageNotFound, .notFound:
            404
        case .methodNotAllowed:
            405
        case .requestTimeout:
            408
        case .requestExpired:
            410
        case .payloadTooLarge:
            413
        case .locked:
            423
        case .tooManyPrompts, .rateLimited:
            429
        case .headersTooLarge:
            431
        case .internalServerError:
            500
        case .serviceUnavailable:
            503
        case .hTTPVersionNotSupported:
            505
        default: 400
        }
    }
}
