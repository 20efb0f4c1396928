internal import CRdKafka

extension RDKafkaClient {
    /// What happened to a message handed to `produce`.
    enum ProduceOutcome: Sendable {
        /// librdkafka took it; its delivery report will carry `id`.
        case enqueued
        /// The local queue is full (`queue.buffering.max.messages` / `.kbytes`); retry after reports drain.
        case queueFull
        /// It was rejected outright (unknown topic, too large, closed client…).
        case failed(KafkaError)
    }

    /// Enqueues one message without blocking, copying every buffer (`RD_KAFKA_MSG_F_COPY`), with `id` as the
    /// per-message opaque so no Swift object crosses into C. `value == nil` produces a tombstone.
    /// The corresponding C function is `rd_kafka_produceva` (`rd_kafka_producev` is variadic).
    func produce(
        id: UInt, topic: String, key: [UInt8]?, value: [UInt8]?, headers: [(String, [UInt8])]
    ) -> ProduceOutcome {
        // Topic and header names need NUL terminators and header values need stable addresses for the one call:
        // lay them all out in one buffer and point into it.
        var arena: [UInt8] = Array(topic.utf8)
        arena.append(0)
        var headerLayout: [(name: Int, value: Int, size: Int)] = []
        headerLayout.reserveCapacity(headers.count)
        for (name, value) in headers {
            let nameOffset = arena.count
            arena.append(contentsOf: name.utf8)
            arena.append(0)
            headerLayout.append((nameOffset, arena.count, value.count))
            arena.append(contentsOf: value)
        }
        do {
            return try withHandle { handle, _ in
                arena.withUnsafeBytes { arenaBytes in
                    // Never nil: the arena holds at least the topic's NUL terminator.
                    guard let base = arenaBytes.baseAddress else {
                        return .failed(KafkaError(.produce, message: "empty produce buffer"))
                    }
                    return Self.withBytes(key, fallback: base) { keyPointer, keySize in
                        Self.withBytes(value, fallback: base) { valuePointer, valueSize in
                            var fields = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 5 + headers.count)
                            fields[0].vtype = RD_KAFKA_VTYPE_TOPIC
                            fields[0].u.cstr = base.assumingMemoryBound(to: CChar.self)
                            fields[1].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                            fields[1].u.i = RD_KAFKA_MSG_F_COPY
                            fields[2].vtype = RD_KAFKA_VTYPE_OPAQUE
                            fields[2].u.ptr = UnsafeMutableRawPointer(bitPattern: id)
                            fields[3].vtype = RD_KAFKA_VTYPE_VALUE
                            fields[3].u.mem.ptr = valuePointer.map { UnsafeMutableRawPointer(mutating: $0) }
                            fields[3].u.mem.size = valueSize
                            fields[4].vtype = RD_KAFKA_VTYPE_KEY
                            fields[4].u.mem.ptr = keyPointer.map { UnsafeMutableRawPointer(mutating: $0) }
                            fields[4].u.mem.size = keySize
                            for (index, layout) in headerLayout.enumerated() {
                                fields[5 + index].vtype = RD_KAFKA_VTYPE_HEADER
                                fields[5 + index].u.header.name = (base + layout.name).assumingMemoryBound(
                                    to: CChar.self)
                                fields[5 + index].u.header.val = base + layout.value
                                fields[5 + index].u.header.size = layout.size
                            }
                            guard let error = rd_kafka_produceva(handle, &fields, fields.count) else {
                                return .enqueued
                            }
                            if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                                rd_kafka_error_destroy(error)
                                return .queueFull
                            }
                            return .failed(KafkaError.consuming(.produce, error))
                        }
                    }
                }
            }
        } catch {
            return .failed(error)
        }
    }

    /// Waits up to `timeoutMilliseconds` for every queued message to be delivered or fail, and returns how many
    /// are still outstanding. With event delivery reports librdkafka waits for our event thread to serve them, so
    /// that thread must keep running. Blocks: call it off the cooperative pool.
    /// The corresponding C functions are `rd_kafka_flush` and `rd_kafka_outq_len`.
    func flush(timeoutMilliseconds: Int32) -> Int {
        (try? withHandle { handle, _ in
            _ = rd_kafka_flush(handle, timeoutMilliseconds)
            return Int(rd_kafka_outq_len(handle))
        }) ?? 0
    }

    /// A nil `bytes` gives a NULL pointer (no key / tombstone); an empty one gives `fallback` with size 0, so an
    /// empty payload stays distinguishable from a NULL one.
    private static func withBytes<R>(
        _ bytes: [UInt8]?, fallback: UnsafeRawPointer, _ body: (UnsafeRawPointer?, Int) -> R
    ) -> R {
        guard let bytes else { return body(nil, 0) }
        return bytes.withUnsafeBytes { buffer in body(buffer.baseAddress ?? fallback, buffer.count) }
    }
}
