/// A sorted set of queue keys in chunks of bounded size: insert and remove cost a binary search plus a move
/// within one chunk, and walking from the front costs nothing per skipped element, so the queue's size doesn't
/// show in pop latency.
struct OrderedKeySet: Sendable {
    /// Chunks are split when they grow past this.
    private static let chunkCapacity = 512

    /// Non-empty sorted chunks; every key in a chunk is below every key in the next.
    private var chunks: [[QueueKey]] = []
    private(set) var count = 0

    /// True when no key is stored.
    var isEmpty: Bool { count == 0 }

    /// Adds `key`; false if it was already present.
    @discardableResult
    mutating func insert(_ key: QueueKey) -> Bool {
        guard !chunks.isEmpty else {
            chunks = [[key]]
            count = 1
            return true
        }
        let chunkIndex = min(firstChunk(notBelow: key), chunks.count - 1)
        let position = Self.lowerBound(key, in: chunks[chunkIndex])
        if position < chunks[chunkIndex].count && chunks[chunkIndex][position] == key { return false }
        chunks[chunkIndex].insert(key, at: position)
        count += 1
        if chunks[chunkIndex].count > Self.chunkCapacity {
            let upper = Array(chunks[chunkIndex][(Self.chunkCapacity / 2)...])
            chunks[chunkIndex].removeSubrange((Self.chunkCapacity / 2)...)
            chunks.insert(upper, at: chunkIndex + 1)
        }
        return true
    }

    /// Removes `key`; false if it was not present.
    @discardableResult
    mutating func remove(_ key: QueueKey) -> Bool {
        let chunkIndex = firstChunk(notBelow: key)
        guard chunkIndex < chunks.count else { return false }
        let position = Self.lowerBound(key, in: chunks[chunkIndex])
        guard position < chunks[chunkIndex].count, chunks[chunkIndex][position] == key else { return false }
        chunks[chunkIndex].remove(at: position)
        count -= 1
        if chunks[chunkIndex].isEmpty { chunks.remove(at: chunkIndex) }
        return true
    }

    /// True when `key` is stored.
    func contains(_ key: QueueKey) -> Bool {
        let chunkIndex = firstChunk(notBelow: key)
        guard chunkIndex < chunks.count else { return false }
        let position = Self.lowerBound(key, in: chunks[chunkIndex])
        return position < chunks[chunkIndex].count && chunks[chunkIndex][position] == key
    }

    /// A position at the front of the set, for walking it in order.
    var start: Cursor { Cursor(chunk: 0, offset: 0) }

    /// The key at `cursor`, or nil past the end.
    func key(at cursor: Cursor) -> QueueKey? {
        guard cursor.chunk < chunks.count else { return nil }
        return chunks[cursor.chunk][cursor.offset]
    }

    /// The position after `cursor`.
    func advance(_ cursor: Cursor) -> Cursor {
        guard cursor.chunk < chunks.count else { return cursor }
        if cursor.offset + 1 < chunks[cursor.chunk].count {
            return Cursor(chunk: cursor.chunk, offset: cursor.offset + 1)
        }
        return Cursor(chunk: cursor.chunk + 1, offset: 0)
    }

    /// Every key in order (tests and diagnostics; pops walk with cursors instead).
    var ordered: [QueueKey] { chunks.flatMap { $0 } }

    /// A position in the set; valid until the set is next modified.
    struct Cursor: Sendable {
        fileprivate let chunk: Int
        fileprivate let offset: Int
    }

    /// The first chunk whose last key is not below `key` (chunks.count when `key` is above them all).
    private func firstChunk(notBelow key: QueueKey) -> Int {
        var low = 0
        var high = chunks.count
        while low < high {
            let mid = (low + high) / 2
            if chunks[mid][chunks[mid].count - 1] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func lowerBound(_ key: QueueKey, in chunk: [QueueKey]) -> Int {
        var low = 0
        var high = chunk.count
        while low < high {
            let mid = (low + high) / 2
            if chunk[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
