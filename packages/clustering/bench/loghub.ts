/**
 * Loader for Loghub-2k style datasets: `<dir>/<System>/<System>_2k.log_structured_corrected.csv`
 * with the parser input in column `Content` and the ground truth in column `EventTemplate`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One labelled system: parser inputs and their true templates, aligned by position. */
export interface LabelledSystem {
  name: string;
  file: string;
  contents: string[];
  templates: string[];
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, embedded newlines, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += text[i];
      i++;
      continue;
    }
    if (c === 34 && field === '') {
      quoted = true;
      i++;
    } else if (c === 44) {
      row.push(field);
      field = '';
      i++;
    } else if (c === 10 || c === 13) {
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      field += text[i];
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const SUFFIX = '_2k.log_structured_corrected.csv';

/** Finds every `<System>/<System>_2k.log_structured_corrected.csv` under `dir`, sorted by name. */
export function listSystems(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`dataset directory not found: ${dir}`);
  }
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, `${name}${SUFFIX}`)))
    .sort();
}

/** Loads one system; throws with the file path when a column is missing. */
export function loadSystem(dir: string, name: string): LabelledSystem {
  const file = join(dir, name, `${name}${SUFFIX}`);
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows[0] ?? [];
  const ci = header.indexOf('Content');
  const ti = header.indexOf('EventTemplate');
  if (ci < 0 || ti < 0) {
    throw new Error(`${file}: expected columns Content and EventTemplate, found ${header.join(',')}`);
  }
  const contents: string[] = [];
  const templates: string[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0] === '') continue;
    contents.push(row[ci] ?? '');
    templates.push(row[ti] ?? '');
  }
  return { name, file, contents, templates };
}
