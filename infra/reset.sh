#!/usr/bin/env bash
# Stops the stack and wipes the services' state (Redis data, MariaDB databases, Kafka topics,
# Flink checkpoints/savepoints/logs). Installed software (Kafka jars, the Flink venv) is kept,
# so the next `up` is fast. Asks first unless --yes is given.
# Usage: bash infra/reset.sh [--yes]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [[ "${1:-}" != --yes ]]; then
  [[ -t 0 ]] || die "refusing to wipe $DATA_DIR without a terminal; pass --yes"
  read -r -p "Wipe all service data under $DATA_DIR (databases, topics, queues)? [y/N] " answer
  [[ "$answer" == [yY]* ]] || exit 0
fi
infra_lock
bash "$INFRA_DIR/down.sh"
step "wiping service state under $DATA_DIR"
rm -rf "$REDIS_DIR" "$MARIADB_DIR" "$KAFKA_DIR/data" "$KAFKA_DIR/logs" "$KAFKA_DIR/cluster-id" \
  "$FLINK_DIR/checkpoints" "$FLINK_DIR/savepoints" "$FLINK_DIR/log" "$FLINK_DIR/tmp" "$FLINK_DIR/pid"
ok "done; installed software kept (Kafka jars, Flink venv). Start again with: bash infra/up.sh"
