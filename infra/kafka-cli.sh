#!/usr/bin/env bash
# Kafka's command-line tools against the local broker, without a Kafka distribution: runs the
# tool classes from .data/kafka/libs with --bootstrap-server filled in.
# Usage: bash infra/kafka-cli.sh <tool> [args...]
#   topics   --list | --create --topic T [--partitions N] | --describe --topic T | --delete --topic T
#   produce  --topic T                 (one record per stdin line)
#   consume  --topic T --from-beginning [--max-messages N]
#   groups   --list | --describe --group G
#   quorum   describe --status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

[[ -d "$KAFKA_DIR/libs" ]] || die "no Kafka jars in $KAFKA_DIR/libs; run infra/install.sh"
tool="${1:-}"
[[ -n "$tool" ]] || die "usage: bash infra/kafka-cli.sh topics|produce|consume|groups|quorum [args...]"
shift
case "$tool" in
  topics) class=org.apache.kafka.tools.TopicCommand ;;
  produce) class=org.apache.kafka.tools.ConsoleProducer ;;
  consume) class=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  groups) class=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  quorum) class=org.apache.kafka.tools.MetadataQuorumCommand ;;
  *) die "unknown tool '$tool' (topics, produce, consume, groups, quorum)" ;;
esac
exec "$JAVA_HOME/bin/java" -Xmx256m -cp "$KAFKA_DIR/libs/*" \
  -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2-tools.properties" \
  "$class" --bootstrap-server "$KAFKA_BOOTSTRAP_LOCAL" "$@"
