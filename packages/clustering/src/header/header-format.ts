/**
 * Optional header format (`<Date> <Time> <Level> <Component>: <Content>`), the notation of the
 * logparser benchmarks: `<Name>` is a field, everything else is a literal separator, and whitespace
 * in a separator matches any run of whitespace. Parsing is a single left-to-right scan (each field
 * ends at the first following separator), so hostile lines cannot trigger regex backtracking.
 */

/** A compiled header format. */
export interface HeaderFormat {
  readonly source: string;
  /** Field names in order; the last one is `Content`. */
  readonly fields: readonly string[];
  /** Literal text before each field (index i: before field i), and after the last one. */
  readonly separators: readonly string[];
}

/** Split of one line by a header format. */
export interface HeaderSplit {
  /** The text to cluster. */
  content: string;
  /** Header fields by name, or null when the line did not match the format. */
  header: Record<string, string> | null;
}

/**
 * Compiles a header format; throws with the reason when it is malformed.
 *
 * @example
 * const f = compileHeaderFormat('<Date> <Time> <Level>: <Content>');
 * splitHeader(f, '2024-01-02 10:00:00 INFO: started').header?.Level; // 'INFO'
 */
export function compileHeaderFormat(source: string): HeaderFormat {
  const fields: string[] = [];
  const separators: string[] = [];
  let lit = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '<') {
      const close = source.indexOf('>', i + 1);
      const name = close < 0 ? '' : source.slice(i + 1, close);
      if (close < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new Error(`headerFormat: invalid field at offset ${i} in ${JSON.stringify(source)}`);
      }
      if (fields.includes(name)) throw new Error(`headerFormat: field <${name}> appears twice`);
      if (fields.length > 0 && lit === '') {
        throw new Error(`headerFormat: fields <${fields[fields.length - 1]}> and <${name}> need a separator`);
      }
      separators.push(lit);
      fields.push(name);
      lit = '';
      i = close + 1;
    } else {
      lit += c;
      i++;
    }
  }
  separators.push(lit);
  const ci = fields.indexOf('Content');
  if (ci < 0) throw new Error('headerFormat: must contain <Content>');
  if (ci !== fields.length - 1) throw new Error('headerFormat: <Content> must be the last field');
  return { source, fields, separators };
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** Matches literal `sep` at `i` (whitespace in `sep` matches 1+ whitespace); returns the end or -1. */
function matchSeparator(line: string, i: number, sep: string): number {
  let j = i;
  let k = 0;
  while (k < sep.length) {
    const c = sep.charCodeAt(k);
    if (isWs(c)) {
      if (j >= line.length || !isWs(line.charCodeAt(j))) return -1;
      while (j < line.length && isWs(line.charCodeAt(j))) j++;
      while (k < sep.length && isWs(sep.charCodeAt(k))) k++;
      continue;
    }
    if (line.charCodeAt(j) !== c) return -1;
    j++;
    k++;
  }
  return j;
}

/** Finds the first position >= `from` where `sep` matches; returns [start, end] or null. */
function findSeparator(line: string, from: number, sep: string): [number, number] | null {
  const first = sep.charCodeAt(0);
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (isWs(first) ? !isWs(c) : c !== first) continue;
    const end = matchSeparator(line, i, sep);
    if (end >= 0) return [i, end];
  }
  return null;
}

/**
 * Splits a line into header fields and content; lines that do not match keep the whole line as content.
 *
 * @example
 * splitHeader(compileHeaderFormat('<Level>: <Content>'), 'WARN: disk full'); // { content: 'disk full', header: { Level: 'WARN' } }
 */
export function splitHeader(format: HeaderFormat, line: string): HeaderSplit {
  const header: Record<string, string> = {};
  const { fields, separators } = format;
  let i = matchSeparator(line, 0, separators[0]!);
  if (i < 0) return { content: line, header: null };
  for (let f = 0; f < fields.length - 1; f++) {
    const found = findSeparator(line, i, separators[f + 1]!);
    if (!found) return { content: line, header: null };
    header[fields[f]!] = line.slice(i, found[0]);
    i = found[1];
  }
  const trailer = separators[fields.length]!;
  let end = line.length;
  if (trailer !== '') {
    if (!line.endsWith(trailer)) return { content: line, header: null };
    end -= trailer.length;
  }
  return { content: line.slice(i, Math.max(i, end)), header };
}
