import Messages

/// What an endpoint demands of its caller, from weakest to strongest. Each level names the rc refused callers get.
enum AuthLevel: Sendable, Equatable {
    /// Any valid key, including the anonymous key and shared keys.
    case user
    /// A registered account's own API key (not anonymous, not a shared key): 403 `AnonForbidden`.
    case registered
    /// A key that may run workers (not anonymous): 403 `AnonForbiddenWorker`.
    case worker
    /// Trusted (or moderator): 403 `NotTrusted`, or the rc the endpoint names.
    case trusted
    /// Customizer or trusted: 403 `StylesRequiresCustomizer`.
    case customizer
    /// Service account: 403 `NonServiceForbidden`.
    case service
    /// Moderator: 403 `NotModerator`.
    case moderator
    /// Listed in `HORDE_ADMINS`: 403 `NotAdmin`.
    case admin
}
