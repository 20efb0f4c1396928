# `deploy/local.sh test` (the whole suite against the local backing services) and `deploy/local.sh bench`.

# Seconds the test run may take before it is stopped as hung (the build is not limited).
HORDE_TEST_TIMEOUT="${HORDE_LOCAL_TEST_TIMEOUT:-900}"

# Prints how long each phase took and what the test run reported, then exits with $1.
test_summary() {
    local status=$1 phase
    echo
    step "Summary"
    for phase in "${test_phases[@]}"; do info "$phase"; done
    if [[ ! -f "$HORDE_LOG_DIR/test.log" && -f "$HORDE_LOG_DIR/test-build.log" ]]; then
        grep -aE '(error|warning): ' "$HORDE_LOG_DIR/test-build.log" | grep -v '^ ' | sort -u | head -n 20 |
            sed 's/^/    /' || true
    fi
    if [[ -f "$HORDE_LOG_DIR/test.log" ]]; then
        # Swift Testing's and XCTest's closing lines, and every failed test and suite.
        local totals='Test run with [0-9]+ tests?|Executed [1-9][0-9]* tests?,'
        local failures='^✘ (Test|Suite) .* failed after [0-9.]+ seconds'
        grep -aE "$totals|$failures" "$HORDE_LOG_DIR/test.log" | sed 's/^[[:space:]]*/    /' | tail -n 40 || true
    fi
    info "logs: $HORDE_LOG_DIR/test-build.log, $HORDE_LOG_DIR/test.log"
    if ((status == 0)); then
        ok "TESTS PASSED (${SECONDS}s in total)"
    else
        failed "TESTS FAILED (${SECONDS}s in total)"
    fi
    exit "$status"
}

# Runs "$@" with its output shown and copied to log $1; returns the command's status.
run_logged() {
    local log=$1
    shift
    local status=0
    "$@" 2>&1 | tee "$log" || status=$?
    return "$status"
}

cmd_test() {
    test_phases=()
    local started=$SECONDS werror=()
    cmd_deps
    cmd_services
    test_phases+=("dependencies and backing services: $((SECONDS - started))s")

    # Zero warnings is a project rule: CI turns them into errors (HORDE_LOCAL_WERROR=0 to relax locally).
    [[ "${HORDE_LOCAL_WERROR:-1}" == 1 ]] && werror=(-Xswiftc -warnings-as-errors)
    step "Build (debug, with tests)"
    started=$SECONDS
    if ! run_logged "$HORDE_LOG_DIR/test-build.log" \
        swift build --build-tests "${swift_build_args[@]}" "${werror[@]}"; then
        test_phases+=("build: FAILED after $((SECONDS - started))s")
        rm -f "$HORDE_LOG_DIR/test.log"
        test_summary 1
    fi
    test_phases+=("build: $((SECONDS - started))s")

    step "Tests"
    local bin_dir status=0
    bin_dir=$(swift build "${swift_build_args[@]}" --show-bin-path)
    info "HORDE_IT=1 HORDE_BIN_DIR=$bin_dir LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    info "HORDE_POSTGRES_URL=$HORDE_POSTGRES_URL HORDE_REDIS_URL=$HORDE_REDIS_URL"
    info "HORDE_KAFKA_BROKERS=$HORDE_KAFKA_BROKERS"
    started=$SECONDS
    if (($# > 0)); then
        HORDE_IT=1 HORDE_BIN_DIR="$bin_dir" run_logged "$HORDE_LOG_DIR/test.log" \
            timeout --kill-after=30 "$HORDE_TEST_TIMEOUT" \
            swift test --skip-build "${swift_build_args[@]}" "$@" || status=$?
    else
        # One process per test target: process-wide state (the topic prefix, metrics, signal handlers) stays
        # per target, and suites of different targets never compete for the two cores' timing.
        local target target_status
        : >"$HORDE_LOG_DIR/test.log"
        for target in Tests/*Tests/; do
            target=$(basename "$target")
            step "Tests: $target"
            target_status=0
            HORDE_IT=1 HORDE_BIN_DIR="$bin_dir" HORDE_TOPIC_PREFIX="t$RANDOM$RANDOM." \
                timeout --kill-after=30 "$HORDE_TEST_TIMEOUT" \
                swift test --skip-build "${swift_build_args[@]}" --filter "^$target\\." 2>&1 |
                tee -a "$HORDE_LOG_DIR/test.log" || target_status=$?
            if ((target_status != 0)); then
                status=$target_status
                test_phases+=("$target: exit status $target_status")
            fi
        done
        local passed failed
        failed=$(grep -acE '^✘ Test .* failed after' "$HORDE_LOG_DIR/test.log" || true)
        passed=$(grep -aoE 'Test run with [0-9]+ tests?' "$HORDE_LOG_DIR/test.log" | grep -oE '[0-9]+' |
            awk '{ total += $1 } END { print total + 0 }')
        passed=$((passed - failed))
        echo "tests: $passed passed, $failed failed"
        ((failed == 0)) || ((status != 0)) || status=1
    fi
    if ((status == 124 || status == 137)); then
        test_phases+=("tests: STOPPED after ${HORDE_TEST_TIMEOUT}s (HORDE_LOCAL_TEST_TIMEOUT)")
    else
        test_phases+=("tests: $((SECONDS - started))s, exit status $status")
    fi
    test_summary "$status"
}

# The benchmark hook: runs with the local stack up (`cmd_up`), BIN_DIR holding the release executables and
# HORDE_URL / HORDE_API_KEY / the backing-service URLs exported. Add benchmark steps here; arguments given
# to `deploy/local.sh bench` arrive as "$@".
# The figures the README reports: heartbeat throughput with 64 keep-alive connections (wrk), and async→done
# latency of one text request at a time through the whole cluster (horde-bench, 100 requests).
run_benchmarks() {
    step "Benchmarks"
    local url key
    url=$(gateway_url)
    key=$(admin_api_key)
    if command -v wrk >/dev/null; then
        echo "GET /api/v2/status/heartbeat, wrk -t2 -c64 -d10s:"
        wrk -t2 -c64 -d10s "$url/api/v2/status/heartbeat" | tee -a "$HORDE_LOG_DIR/bench.log"
    else
        "$BIN_DIR/horde-bench" load --url "$url" --connections 64 --seconds 10 | tee -a "$HORDE_LOG_DIR/bench.log"
    fi
    "$BIN_DIR/horde-bench" latency --url "$url" --key "$key" --requests "${HORDE_BENCH_REQUESTS:-100}" --kind text \
        | tee -a "$HORDE_LOG_DIR/bench.log"
    "$BIN_DIR/horde-bench" latency --url "$url" --key "$key" --requests "${HORDE_BENCH_REQUESTS:-100}" --kind image \
        | tee -a "$HORDE_LOG_DIR/bench.log"
}

cmd_bench() {
    cmd_up
    run_benchmarks "$@"
}
