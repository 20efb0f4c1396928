import Foundation

/// A Kafka topic of the horde: its name, partition count and what it carries.
package struct TopicDescriptor: Sendable, Hashable {
    /// The full topic name, including the deployment's prefix.
    package let name: String
    package let partitions: Int

    /// A topic named `name` under this process's `Topics.prefix`.
    package init(name: String, partitions: Int) {
        self.name = Topics.prefix + name
        self.partitions = partitions
    }
}

/// Every topic the services use. Keys are chosen so that one writer owns each key: request id for everything
/// about one request, worker id for pops.
package enum Topics {
    /// `HORDE_TOPIC_PREFIX` (Default: empty): lets several hordes (or test runs) share one Kafka cluster.
    package static let prefix: String = ProcessInfo.processInfo.environment["HORDE_TOPIC_PREFIX"] ?? ""

    /// Gateway → scheduler: new requests and cancellations (`RequestCommand`). Key: request id.
    package static let requests = TopicDescriptor(name: "horde.requests", partitions: 8)
    /// Gateway or in-cluster worker → scheduler: a worker asks for a job (`PopCommand`). Key: worker id.
    package static let pops = TopicDescriptor(name: "horde.pops", partitions: 8)
    /// Scheduler → gateway replicas: the answer to an HTTP pop (`PopReplyMessage`). Key: the gateway instance.
    package static let popReplies = TopicDescriptor(name: "horde.pop-replies", partitions: 4)
    /// Scheduler → in-cluster workers: their job assignments (`PopReplyMessage`). Key: worker id.
    package static let workerJobs = TopicDescriptor(name: "horde.worker-jobs", partitions: 4)
    /// Gateway → scheduler: a worker delivered or gave up a job (`SubmissionMessage`). Key: request id.
    package static let submissions = TopicDescriptor(name: "horde.submissions", partitions: 8)
    /// Scheduler → ledger, notifier, gateway: what happened to requests and jobs (`RequestEvent`). Key: request id.
    package static let requestEvents = TopicDescriptor(name: "horde.request-events", partitions: 8)
    /// Gateway (and operators) → ledger: kudos movements that are not job settlements (`LedgerCommand`): admin
    /// adjustments, transfers, awards. Key: the paying account.
    package static let ledgerCommands = TopicDescriptor(name: "horde.ledger-commands", partitions: 4)
    /// Ledger → gateway: balances changed (`LedgerEvent`), for cache invalidation. Key: account.
    package static let ledgerEvents = TopicDescriptor(name: "horde.ledger-events", partitions: 4)
    /// Notifier → anyone: webhook delivery outcomes (`DeliveryEvent`). Key: request id.
    package static let deliveryEvents = TopicDescriptor(name: "horde.delivery-events", partitions: 4)
    /// Gateway → scheduler: alchemy requests, cancellations, alchemist pops and form deliveries
    /// (`InterrogationCommand`). Key: interrogation id (pops: worker id).
    package static let interrogations = TopicDescriptor(name: "horde.interrogations", partitions: 4)

    package static let all: [TopicDescriptor] = [
        requests, pops, popReplies, workerJobs, submissions, requestEvents, ledgerCommands, ledgerEvents, deliveryEvents,
        interrogations,
    ]
}
