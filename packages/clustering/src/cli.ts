#!/usr/bin/env node
/**
 * `sluice-cluster`: command-line front end of @sluice/clustering.
 *
 *   sluice-cluster parse    [--config options.json] [--header '<Level> <Content>'] [--snapshot out.json]
 *   sluice-cluster patterns [--config options.json] [--header ...]
 *
 * `parse` learns the lines of stdin (one message per line) with the default configuration and,
 * after the input ends, writes one JSON object per input line, in order:
 * `{"pattern": "<id>", "template": "<final template of the line's cluster>"}`.
 * `patterns` writes one JSON object per pattern (id, template, count, topPatternId, sample).
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type ClustererOptions, LogClusterer } from './index.js';

const USAGE = `usage: sluice-cluster <parse|patterns> [--config options.json] [--header FORMAT] [--snapshot OUT.json] [--input FILE]

  parse     learn stdin (one log message per line), then print {"pattern","template"} per line, in order
  patterns  learn stdin, then print every pattern with its count and top pattern
  --config  JSON file with ClustererOptions (defaults need none)
  --header  header format, e.g. '<Date> <Time> <Level> <Component>: <Content>'
  --snapshot write the final clusterer snapshot (JSON) to this file
  --input   read this file instead of stdin`;

interface Cli {
  command: string;
  options: ClustererOptions;
  snapshot: string | null;
  input: string | null;
}

function fail(message: string): never {
  process.stderr.write(`sluice-cluster: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Cli {
  const command = argv[0];
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (command !== 'parse' && command !== 'patterns') fail(`unknown command "${command}"`);
  const cli: Cli = { command, options: {}, snapshot: null, input: null };
  for (let i = 1; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) fail(`${flag} needs a value`);
    i++;
    if (flag === '--config') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(value, 'utf8'));
      } catch (e) {
        fail(`cannot read config ${value}: ${(e as Error).message}`);
      }
      cli.options = { ...cli.options, ...(parsed as ClustererOptions) };
    } else if (flag === '--header') cli.options = { ...cli.options, headerFormat: value };
    else if (flag === '--snapshot') cli.snapshot = value;
    else if (flag === '--input') cli.input = value;
    else fail(`unknown flag "${flag}"`);
  }
  return cli;
}

/** Writes chunks to stdout, waiting for drain so that large outputs stay in bounded memory. */
async function writeAll(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
  }
}

function* jsonLines<T>(items: readonly T[], map: (x: T) => unknown): Generator<string> {
  let buf = '';
  for (const it of items) {
    buf += `${JSON.stringify(map(it))}\n`;
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  let clusterer: LogClusterer;
  try {
    clusterer = new LogClusterer(cli.options);
  } catch (e) {
    fail((e as Error).message);
  }
  const input = cli.input === null ? process.stdin : createReadStream(cli.input);
  input.setEncoding('utf8'); // invalid UTF-8 becomes U+FFFD
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const session = clusterer.parseSession();
  for await (const line of rl) session.add(line);
  const parsed = session.finish();
  if (cli.command === 'parse') {
    await writeAll(jsonLines(parsed, (p) => ({ pattern: p.patternId, template: p.template })));
  } else {
    await writeAll(jsonLines(clusterer.patterns(), (p) => p));
  }
  if (cli.snapshot !== null) writeFileSync(cli.snapshot, `${JSON.stringify(clusterer.snapshot())}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`sluice-cluster: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
