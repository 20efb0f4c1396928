/// How the gateway hands external workers' pops to the scheduler.
enum PopTransport: String, Sendable {
    /// HTTP to every scheduler instance's admin port, answered in the response.
    case direct
    /// The pops topic, with the reply on the pop-replies topic addressed to this replica.
    case kafka
}
