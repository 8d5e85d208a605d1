/**
 * `${name}` parameter references in option values. A reference names a declared job parameter;
 * its value is supplied when a run or a real-time job starts. `$${` writes a literal `${`.
 */

/** Parameter names: a letter or underscore, then letters, digits or underscores (a Python identifier). */
export const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ParamRef {
  name: string;
  /** 0-based offsets of `${` and one past `}`. */
  start: number;
  end: number;
}

export interface ParamRefProblem {
  message: string;
  position: number;
}

export interface ParamScan {
  refs: ParamRef[];
  problems: ParamRefProblem[];
}

const EMPTY: ParamScan = Object.freeze({ refs: [], problems: [] }) as ParamScan;

/**
 * Finds the parameter references in a text, and malformed ones (`${` never closed, a name that is
 * not an identifier).
 *
 * @example
 * scanParamRefs('jdbc:mysql://${db_host}:3306/x').refs; // [{ name: 'db_host', start: 13, end: 23 }]
 * scanParamRefs('$${literal}').refs; // []
 */
export function scanParamRefs(text: string): ParamScan {
  // Most option values carry no reference; keep the common case allocation-free.
  if (!text.includes('${')) return EMPTY;
  const refs: ParamRef[] = [];
  const problems: ParamRefProblem[] = [];
  let i = 0;
  for (;;) {
    const at = text.indexOf('${', i);
    if (at < 0) break;
    if (at > 0 && text[at - 1] === '$') {
      // `$${` is an escaped literal `${`.
      i = at + 2;
      continue;
    }
    const close = text.indexOf('}', at + 2);
    if (close < 0) {
      problems.push({ message: "'${' is never closed with '}'", position: at });
      break;
    }
    const name = text.slice(at + 2, close);
    if (!PARAM_NAME_PATTERN.test(name)) {
      problems.push({
        message: `'\${${name}}' is not a parameter reference: a name has letters, digits and underscores and does not start with a digit (write '$\${' for a literal '\${')`,
        position: at,
      });
    } else {
      refs.push({ name, start: at, end: close + 1 });
    }
    i = close + 1;
  }
  return { refs, problems };
}

/**
 * Replaces references with values and unescapes `$${`. Throws when a referenced parameter has no
 * value, naming it (never the values).
 *
 * @example
 * substituteParams('${host}:3306', { host: 'db' }); // 'db:3306'
 */
export function substituteParams(text: string, values: Readonly<Record<string, string>>): string {
  if (!text.includes('${')) return text;
  let out = '';
  let i = 0;
  for (;;) {
    const at = text.indexOf('${', i);
    if (at < 0) return out + text.slice(i);
    if (at > 0 && text[at - 1] === '$') {
      out += `${text.slice(i, at - 1)}\${`;
      i = at + 2;
      continue;
    }
    const close = text.indexOf('}', at + 2);
    const name = close < 0 ? '' : text.slice(at + 2, close);
    if (close < 0 || !PARAM_NAME_PATTERN.test(name)) {
      out += text.slice(i, at + 2);
      i = at + 2;
      continue;
    }
    const value = values[name];
    if (value === undefined) throw new Error(`No value for parameter '${name}'`);
    out += text.slice(i, at) + value;
    i = close + 1;
  }
}
