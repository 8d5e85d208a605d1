// Prints the table `npm start` ends with: every URL and address, with each service's state
// from the API's health report (read from stdin). Usage: print-summary.mjs <webUrl> <apiUrl> [flinkDashboardUrl]
import { readFileSync } from 'node:fs';

const [webUrl, apiUrl, dashboardOverride] = process.argv.slice(2);
const color = process.stdout.isTTY;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

let report;
try {
  report = JSON.parse(readFileSync(0, 'utf8'));
} catch {
  report = undefined;
}
const services = report?.services ?? {};

function state(service) {
  if (!service) return paint(33, 'unknown');
  if (service.status !== 'up') return paint(31, `DOWN: ${service.error ?? 'no answer'}`);
  return paint(32, service.version ? `up (${service.version})` : 'up');
}

const flink = services.flink;
const rows = [
  ['Web app', webUrl, paint(32, 'up')],
  ['API', `${apiUrl}/api`, report ? paint(32, 'up') : paint(31, 'no health report')],
  ['OpenAPI docs', `${apiUrl}/api/docs`, ''],
  [
    'Flink Dashboard',
    dashboardOverride || flink?.detail?.dashboardUrl || flink?.address || '?',
    state(flink),
  ],
  ['Redis', `redis://${services.redis?.address ?? '?'}`, state(services.redis)],
  ['MariaDB (MySQL)', `mysql://${services.mysql?.address ?? '?'}`, state(services.mysql)],
  ['Kafka', services.kafka?.address ?? '?', state(services.kafka)],
];

const width = (i) => Math.max(...rows.map((r) => r[i].length));
const [w0, w1] = [width(0), width(1)];
console.log(`  ${paint(1, 'What'.padEnd(w0))}  ${paint(1, 'Where'.padEnd(w1))}  ${paint(1, 'State')}`);
for (const [what, where, how] of rows) console.log(`  ${what.padEnd(w0)}  ${where.padEnd(w1)}  ${how}`);

const down = Object.entries(services).filter(([, s]) => s.status !== 'up');
if (!report || down.length > 0) {
  console.log(
    paint(
      33,
      `\n  warning: ${report ? `${down.map(([n]) => n).join(', ')} down` : 'no health report'}; see bash infra/status.sh`,
    ),
  );
}
