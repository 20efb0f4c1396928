import HordeCore

extension PostgresConnection {
    /// Runs `body` inside `BEGIN … COMMIT` on this connection, rolling back if it throws.
    ///
    /// A serialization failure (40001) or deadlock (40P01), from `body` or from `COMMIT`, rolls back and runs
    /// the whole transaction again after a jittered, growing pause, up to `maxAttempts` times in all; `body` must
    /// therefore be safe to run more than once (read what it needs inside the transaction, keep side effects
    /// outside it). If `body` swallowed an error so that `COMMIT` only rolled back, this throws rather than
    /// pretending the work was committed.
    package func withTransaction<T: Sendable>(
        isolation: PostgresIsolation = .readCommitted, maxAttempts: Int = 5,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        // A nested BEGIN would only warn, and the inner COMMIT would commit the outer transaction's work.
        guard isOutsideTransaction else {
            throw PostgresError(.invalidQuery, message: "withTransaction called inside an open transaction")
        }
        var attempt = 1
        while true {
            do {
                try await execute(isolation.beginStatement)
                let value = try await body(self)
                try await commit()
                return value
            } catch {
                await rollBackIfOpen()
                guard let failure = error as? PostgresError, failure.isRetryableTransactionFailure,
                    attempt < maxAttempts, !Task.isCancelled
                else { throw error }
                metrics.transactionRetries.increment()
                logger.debug(
                    "transaction conflict, retrying",
                    [PostgresLogKeys.sqlState: failure.sqlState ?? "", PostgresLogKeys.attempt: String(attempt)])
                try await Task.sleep(for: PostgresConnection.retryDelay(afterAttempt: attempt))
                attempt += 1
            }
        }
    }

    /// A random pause between half and all of 10 ms × 2^(attempt-1), capped at 640 ms, so two transactions that
    /// collided do not collide again in lockstep.
    static func retryDelay(afterAttempt attempt: Int) -> Duration {
        let ceiling = 10.0 * Double(1 << min(max(attempt - 1, 0), 6))
        return .microseconds(Int64(Double.random(in: (ceiling / 2)...ceiling) * 1000))
    }

    /// Commits even if the task was cancelled meanwhile: the work is done, and `COMMIT` is quick.
    private func commit() async throws {
        guard try await executeScript("COMMIT").commandTag == "COMMIT" else {
            throw PostgresError(
                .server, message: "the transaction was rolled back instead of committed: a statement in it failed",
                sqlState: "25P02", query: "COMMIT")
        }
    }

    /// Rolls back an open or failed transaction, even when the task is cancelled (the connection must not go back
    /// to the pool inside a transaction). A broken connection is left for the pool to discard.
    private func rollBackIfOpen() async {
        guard !isOutsideTransaction else { return }
        _ = try? await executeScript("ROLLBACK")
    }
}
