#!/usr/bin/env bash
# Seeds the demo pipeline through the API: `sensor-demo`, a scheduled job (every 5 minutes)
# datagen -> python -> print that needs no external service, in the `default` environment.
# Idempotent: creates the job when missing, otherwise saves the same document again (which makes
# no new version unless this file changed the demo). Never touches the schedule switch of an
# existing job, so a user who disabled the demo keeps it disabled.
# Usage: bash scripts/seed-demo.sh   (the API must be running)
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

step "seeding the demo pipeline"
code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$API_URL/api/v1/jobs" || true)"
case "$code" in
  404)
    info "skipped: the API does not serve /api/v1/jobs yet (the jobs API arrives in a later issue)"
    exit 0
    ;;
  200) ;;
  *)
    die "cannot seed: GET $API_URL/api/v1/jobs answered '${code:-nothing}' (is the API running? see $LOG_DIR/api.log)"
    ;;
esac

# The API creates the `default` environment right after it starts; the job needs it to exist.
for _ in $(seq 1 60); do
  env_code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$API_URL/api/v1/environments/default" || true)"
  [[ "$env_code" == 200 ]] && break
  sleep 0.5
done
[[ "$env_code" == 200 ]] || die "the 'default' environment did not appear (GET /api/v1/environments/default answered '$env_code'; see $LOG_DIR/api.log)"

DEMO_JOB='{
  "name": "sensor-demo",
  "title": "Generated sensor readings",
  "description": "Demo: generates 100 sensor readings, flags hot ones in Python and prints them. Needs no external service.",
  "tags": ["demo"],
  "kind": "scheduled",
  "environment": "default",
  "parameters": [
    { "name": "threshold", "type": "number", "default": 80, "description": "Temperature above which a reading is hot" }
  ],
  "graph": {
    "nodes": [
      {
        "id": "readings", "kind": "source", "name": "readings", "position": { "x": 0, "y": 0 },
        "config": {
          "connector": "datagen",
          "options": {
            "number-of-rows": "100",
            "fields.sensor_id.kind": "sequence", "fields.sensor_id.start": "1", "fields.sensor_id.end": "100",
            "fields.temperature.min": "10", "fields.temperature.max": "110"
          },
          "columns": [ { "name": "sensor_id", "type": "BIGINT" }, { "name": "temperature", "type": "DOUBLE" } ]
        }
      },
      {
        "id": "tag", "kind": "python", "name": "tag_hot", "position": { "x": 320, "y": 0 },
        "config": {
          "mode": "record",
          "code": "def open(ctx):\n    ctx.log.info(\"flagging readings above %s\", ctx.params.get(\"threshold\", 80))\n\n\ndef process(record, ctx):\n    threshold = float(ctx.params.get(\"threshold\", 80))\n    record[\"hot\"] = record[\"temperature\"] > threshold\n    return record\n"
        }
      },
      {
        "id": "print", "kind": "sink", "name": "hot_readings", "position": { "x": 640, "y": 0 },
        "config": {
          "connector": "print",
          "options": {},
          "columns": [ { "name": "sensor_id", "type": "BIGINT" }, { "name": "temperature", "type": "DOUBLE" }, { "name": "hot", "type": "BOOLEAN" } ]
        }
      }
    ],
    "edges": [
      { "id": "readings->tag", "source": "readings", "target": "tag" },
      { "id": "tag->print", "source": "tag", "target": "print" }
    ]
  },
  "schedule": {
    "cron": "*/5 * * * *", "timezone": "UTC", "enabled": true, "overlap": "skip", "catchUp": "none",
    "retries": { "attempts": 1, "backoff": { "type": "exponential", "delayMs": 10000 } },
    "timeoutMs": 300000, "concurrency": 1
  }
}'

# seed_request <method> <path>: sends the demo job, prints "<status> <body>".
seed_request() {
  local body
  body="$(mktemp)"
  local status
  status="$(curl -s -o "$body" -w '%{http_code}' --max-time 15 -X "$1" -H 'content-type: application/json' \
    --data-binary "$DEMO_JOB" "$API_URL$2" || true)"
  printf '%s %s' "$status" "$(head -c 2000 "$body")"
  rm -f "$body"
}

existing="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$API_URL/api/v1/jobs/sensor-demo" || true)"
if [[ "$existing" == 404 ]]; then
  result="$(seed_request POST /api/v1/jobs)"
  [[ "${result%% *}" == 201 ]] || die "creating the demo job failed: $result"
  ok "created the demo job sensor-demo (every 5 minutes); runs: $API_URL/api/v1/jobs/sensor-demo/runs"
else
  result="$(seed_request PUT /api/v1/jobs/sensor-demo)"
  [[ "${result%% *}" == 200 ]] || die "updating the demo job failed: $result"
  if [[ "$result" == *'"versionCreated":true'* ]]; then
    ok "updated the demo job sensor-demo to a new version"
  else
    ok "demo job sensor-demo already up to date"
  fi
fi
