#!/usr/bin/env bash
# The local Horde stack on one Debian/Ubuntu machine, without Docker. Run `deploy/local.sh help`.
set -euo pipefail

HORDE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$HORDE_ROOT"

# shellcheck source=lib/common.sh
source "$HORDE_ROOT/deploy/lib/common.sh"
# shellcheck source=lib/deps.sh
source "$HORDE_ROOT/deploy/lib/deps.sh"
# shellcheck source=lib/backing.sh
source "$HORDE_ROOT/deploy/lib/backing.sh"
# shellcheck source=lib/stack.sh
source "$HORDE_ROOT/deploy/lib/stack.sh"
# shellcheck source=lib/test.sh
source "$HORDE_ROOT/deploy/lib/test.sh"

usage() {
    cat <<USAGE
usage: deploy/local.sh <command>

  deps       install missing Debian packages and the venv at .horde/venv (Tansu, librdkafka 2.16, PyYAML)
  services   deps, then start PostgreSQL, Redis and Tansu on 127.0.0.1 (reused when already started here)
  up         services, release build, start the five Horde services and a worker; prints URL and admin key
  down       stop everything this script started (data in .horde/ is kept)
  test       services, debug build, then HORDE_IT=1 swift test [extra swift test arguments]
  bench      up, then the benchmarks [extra arguments for horde-bench]
  status     what runs, with pids and ports
  print-env  <service>: the HORDE_* environment the local stack gives that service

Ports: HORDE_LOCAL_PG_PORT (5432), HORDE_LOCAL_REDIS_PORT (6379), HORDE_LOCAL_KAFKA_PORT (9092),
HORDE_GATEWAY_PORT (7001), HORDE_LOCAL_ADMIN_PORT_BASE (7100: gateway +0, scheduler +1, ledger +2,
notifier +3, worker +4). Other settings: HORDE_LOCAL_BUILD_PATH (swift build scratch folder),
HORDE_LOCAL_READY_TIMEOUT (90 s), HORDE_LOCAL_STOP_TIMEOUT (30 s), HORDE_LOCAL_TEST_TIMEOUT (900 s),
HORDE_LOCAL_WERROR (1: warnings fail the test build).
USAGE
}

subcommand=${1:-help}
[[ $# -gt 0 ]] && shift
case "$subcommand" in
deps) cmd_deps ;;
services) cmd_deps && cmd_services ;;
up) cmd_up ;;
down) cmd_down ;;
test) cmd_test "$@" ;;
bench) cmd_bench "$@" ;;
status) cmd_status ;;
print-env) cmd_print_env "$@" ;;
help | -h | --help) usage ;;
*)
    usage >&2
    die "unknown command '$subcommand'"
    ;;
esac
