import HTTP

/// The accounts routes: users, workers, worker messages, teams and shared keys.
enum AccountsRoutes {
    /// Registers the routes on `router`.
    static func install(on router: inout Router, context: GatewayContext) {
        let users = UsersHandler(context: context)
        let modification = UserModification(context: context)
        let deletion = UserDeletion(context: context)
        router.add(.GET, "/api/v2/users", users.list)
        router.add(.GET, "/api/v2/users/:user_id", users.user)
        router.add(.PUT, "/api/v2/users/:user_id", modification.modify)
        router.add(.DELETE, "/api/v2/users/:user_id", deletion.delete)
        router.add(.GET, "/api/v2/find_user", users.findUser)

        let workers = WorkersHandler(context: context)
        let workerModification = WorkerModification(context: context)
        let workerDeletion = WorkerDeletion(context: context)
        let messages = WorkerMessagesHandler(context: context)
        router.add(.GET, "/api/v2/workers", workers.list)
        router.add(.GET, "/api/v2/workers/:worker_id", workers.worker)
        router.add(.PUT, "/api/v2/workers/:worker_id", workerModification.modify)
        router.add(.DELETE, "/api/v2/workers/:worker_id", workerDeletion.delete)
        router.add(.GET, "/api/v2/workers/name/:worker_name", workers.workerByName)
        router.add(.GET, "/api/v2/workers/messages", messages.list)
        router.add(.POST, "/api/v2/workers/messages", messages.create)
        router.add(.GET, "/api/v2/workers/messages/:message_id", messages.message)
        router.add(.DELETE, "/api/v2/workers/messages/:message_id", messages.delete)

        let teams = TeamsHandler(context: context)
        router.add(.GET, "/api/v2/teams", teams.list)
        router.add(.POST, "/api/v2/teams", teams.create)
        router.add(.GET, "/api/v2/teams/:team_id", teams.team)
        router.add(.PATCH, "/api/v2/teams/:team_id", teams.modify)
        router.add(.DELETE, "/api/v2/teams/:team_id", teams.delete)

        let sharedKeys = SharedKeysHandler(context: context)
        router.add(.PUT, "/api/v2/sharedkeys", sharedKeys.create)
        router.add(.GET, "/api/v2/sharedkeys/:sharedkey_id", sharedKeys.key)
        router.add(.PATCH, "/api/v2/sharedkeys/:sharedkey_id", sharedKeys.modify)
        router.add(.DELETE, "/api/v2/sharedkeys/:sharedkey_id", sharedKeys.delete)
    }
}
