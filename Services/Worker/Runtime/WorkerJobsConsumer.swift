import HordeCore
import Kafka
import Messages

/// Reads the worker-jobs topic for an in-cluster worker and hands each reply to the router.
///
/// The group is this worker's own (`worker-<id>`) with `auto.offset.reset=latest`: a new worker skips the
/// topic's history, and a restarted one resumes where it left off, so jobs answered while it was down still
/// reach it. Pops wait until the partitions are assigned (the router is then ready).
struct WorkerJobsConsumer: Service {
    /// The service name in logs.
    let name = "worker-jobs"
    /// Group `worker-<id>`, topic worker-jobs, offsets reset to latest.
    let config: KafkaConsumerConfig
    /// Receives every reply.
    let router: PopReplyRouter
    /// The consumer's logger.
    let logger: Logger
    /// Time for the consumer to look up its start offsets after an assignment, before pops may go out.
    var settleDelay: Duration = .milliseconds(500)

    /// Consumes until graceful shutdown, then leaves the group.
    func run() async throws {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        let skipped = MetricsRegistry.shared.counter(
            "horde_worker_replies_skipped_total", help: "Worker-jobs messages that could not be decoded")
        let router = self.router
        let logger = self.logger
        let settleDelay = self.settleDelay
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in consumer.rebalanceEvents {
                    guard case .assigned(let partitions) = event, !partitions.isEmpty else { continue }
                    try? await Task.sleep(for: settleDelay)
                    logger.info("worker-jobs partitions assigned", ["partitions": "\(partitions.count)"])
                    router.markReady()
                }
            }
            group.addTask {
                do {
                    for try await message in consumer.messages {
                        do {
                            let envelope = try WireCoding.decode(PopReplyMessage.self, from: message.value ?? [])
                            guard case .reply(let reply) = envelope.payload else { continue }
                            if router.deliver(reply) == .stray {
                                logger.notice("job arrived after its pop timed out; running it", ["pop.id": "\(reply.popId)"])
                            }
                        } catch {
                            skipped.increment()
                            logger.warning("skipping undecodable reply", ["kafka.offset": "\(message.offset)", "error": "\(error)"])
                        }
                        _ = try? consumer.storeOffset(message)
                    }
                } catch {
                    if !Task.isCancelled { logger.error("worker-jobs consumer stopped", ["error": "\(error)"]) }
                }
            }
            group.addTask { await gracefulShutdownTriggered() }
            await group.next()
            group.cancelAll()
        }
        await consumer.close()
        logger.info("worker-jobs consumer closed")
    }
}
