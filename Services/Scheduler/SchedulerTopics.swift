import Kafka
import Messages

/// The topics the scheduler reads and writes. Normally the deployment's (`Topics`); a `scope` puts them in a
/// namespace of their own, so several schedulers can share one broker without seeing each other's messages
/// (tests running side by side in one process, where `HORDE_TOPIC_PREFIX` is fixed for everyone).
struct SchedulerTopics: Sendable, Equatable {
    /// The namespace inserted after `HORDE_TOPIC_PREFIX` (empty for the deployment's topics).
    let scope: String
    /// New requests and cancellations.
    let requests: String
    /// Workers asking for jobs.
    let pops: String
    /// Delivered (or faulted) jobs.
    let submissions: String
    /// What happened to requests and jobs.
    let requestEvents: String
    /// Answers to the gateway's pops.
    let popReplies: String
    /// Answers to in-cluster workers' pops.
    let workerJobs: String

    /// The deployment's topics.
    static let standard = SchedulerTopics(scope: "")

    /// The topics in `scope` (empty: the deployment's).
    init(scope: String) {
        self.scope = scope
        requests = Self.name(Topics.requests, scope)
        pops = Self.name(Topics.pops, scope)
        submissions = Self.name(Topics.submissions, scope)
        requestEvents = Self.name(Topics.requestEvents, scope)
        popReplies = Self.name(Topics.popReplies, scope)
        workerJobs = Self.name(Topics.workerJobs, scope)
    }

    /// Topics a pop may ask to be answered on.
    var replyTopics: Set<String> { [popReplies, workerJobs] }

    /// What to create on the broker for a scoped set (the standard ones are created with the runtime).
    var specs: [TopicSpec] {
        [Topics.requests, Topics.pops, Topics.submissions, Topics.requestEvents, Topics.popReplies, Topics.workerJobs]
            .map { TopicSpec(name: Self.name($0, scope), partitions: $0.partitions) }
    }

    /// `<HORDE_TOPIC_PREFIX><scope><base name>`: with an empty scope, exactly the deployment's name.
    static func name(_ topic: TopicDescriptor, _ scope: String) -> String {
        Topics.prefix + scope + topic.name.dropFirst(Topics.prefix.count)
    }
}
