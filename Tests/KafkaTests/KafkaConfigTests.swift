import HordeCore
import Testing

@testable import Kafka

@Suite struct KafkaConfigTests {
    @Test func brokersComeFromTheEnvironment() {
        let config = KafkaConfig.fromEnvironment(Environment(["HORDE_KAFKA_BROKERS": "kafka:29092"]), clientId: "gw")
        #expect(config.brokers == "kafka:29092")
        #expect(config.clientId == "gw")
        #expect(KafkaConfig.fromEnvironment(Environment([:]), clientId: "gw").brokers == "127.0.0.1:9092")
    }

    @Test func consumerDefaultsGiveAtLeastOnceAndLowLatency() {
        let properties = KafkaConsumerConfig(kafka: KafkaConfig(), groupId: "ledger", topics: ["t"]).properties
        #expect(properties["group.id"] == "ledger")
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["enable.auto.commit"] == "true")
        #expect(properties["auto.offset.reset"] == "earliest")
        #expect(properties["session.timeout.ms"] == "6000")
        #expect(properties["heartbeat.interval.ms"] == "1000")
        #expect(properties["fetch.wait.max.ms"] == "10")
        #expect(properties["fetch.min.bytes"] == "1")
    }

    @Test func additionalPropertiesWin() {
        var kafka = KafkaConfig()
        kafka.additional = ["fetch.wait.max.ms": "1", "linger.ms": "0"]
        var consumer = KafkaConsumerConfig(kafka: kafka, groupId: "g", topics: ["t"])
        consumer.sessionTimeout = .seconds(10)
        #expect(consumer.properties["fetch.wait.max.ms"] == "1")
        #expect(consumer.properties["session.timeout.ms"] == "10000")
        #expect(kafka.producerProperties["linger.ms"] == "0")
        #expect(KafkaConfig().producerProperties["linger.ms"] == "1")
        #expect(KafkaConfig().producerProperties["acks"] == "all")
    }

    @Test func anUnknownPropertyIsAConfigError() {
        var config = KafkaConfig()
        config.additional = ["no.such.property": "1"]
        #expect {
            _ = try KafkaProducer(config: config, logger: Logger(label: "test", level: .critical))
        } throws: { error in
            (error as? KafkaError)?.code == .config && "\(error)".contains("no.such.property")
        }
    }

    @Test func errorDescriptionsNameTheCodeAndFlags() {
        let error = KafkaError(.delivery, message: "timed out", rdKafkaName: "_MSG_TIMED_OUT", isRetriable: true)
        #expect(error.description == "KafkaError.delivery (_MSG_TIMED_OUT): timed out [retriable]")
    }
}
