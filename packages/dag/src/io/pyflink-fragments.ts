/**
 * A light reading of PyFlink fragments (SREWorks-style python steps): which tables a fragment
 * reads and writes, and which top-level names it defines and uses. This is static text analysis,
 * not a Python parser; it is used for hints and for ordering imported steps, never for safety.
 */

export interface FragmentAnalysis {
  /** Tables read: `from_path("x")`, `FROM x` / `JOIN x` in SQL strings. */
  reads: Set<string>;
  /** Tables written: `execute_insert("x")`, `insert_into("x")`, `INSERT INTO x`. */
  writes: Set<string>;
  /** Temporary views or tables the fragment registers. */
  registers: Set<string>;
  /** Names assigned, defined or imported at the top level. */
  defines: Set<string>;
  /** Every identifier that appears in the code. */
  mentions: Set<string>;
}

const STRING_ARG = String.raw`\(\s*(?:f|r|u)?(["'])([^"'\\]+)\1`;

/**
 * Analyses one fragment.
 *
 * @example
 * analyzeFragment('t = t_env.from_path("log_input")\nt.execute_insert("out")').reads; // Set {'log_input'}
 */
export function analyzeFragment(code: string): FragmentAnalysis {
  const reads = new Set<string>();
  const writes = new Set<string>();
  const registers = new Set<string>();
  const defines = new Set<string>();
  const mentions = new Set<string>();
  const each = (re: RegExp, target: Set<string>, group = 2) => {
    for (const m of code.matchAll(re)) {
      const v = m[group];
      if (v !== undefined) target.add(stripQuotes(v));
    }
  };
  each(new RegExp(`\\b(?:from_path|scan)${STRING_ARG}`, 'g'), reads);
  each(new RegExp(`\\b(?:execute_insert|insert_into)${STRING_ARG}`, 'g'), writes);
  each(
    new RegExp(
      `\\b(?:create_temporary_view|register_table|create_temporary_table|register_table_source)${STRING_ARG}`,
      'g',
    ),
    registers,
  );
  // SQL is only looked for inside string literals that read like SQL, so that Python's own
  // `from x import y` is not mistaken for a table read.
  for (const m of code.matchAll(
    /"""([\s\S]*?)"""|'''([\s\S]*?)'''|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g,
  )) {
    const sql = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    if (!/\b(SELECT|INSERT)\b/i.test(sql)) continue;
    for (const w of sql.matchAll(/\bINSERT\s+(?:INTO|OVERWRITE)\s+(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)/gi))
      writes.add(stripQuotes(w[1]!));
    for (const r of sql.matchAll(/\b(?:FROM|JOIN)\s+(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)/gi))
      reads.add(stripQuotes(r[1]!));
  }
  for (const m of code.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=\n]*)?=(?!=)/gm)) defines.add(m[1]!);
  for (const m of code.matchAll(/^(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) defines.add(m[1]!);
  for (const m of code.matchAll(/^(?:from\s+\S+\s+)?import\s+(.+)$/gm)) {
    for (const part of m[1]!.split(',')) {
      const name = /(?:\bas\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(part.trim().replace(/[()]/g, ''))?.[1];
      if (name !== undefined) defines.add(name);
    }
  }
  for (const m of code.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) mentions.add(m[0]);
  return { reads, writes, registers, defines, mentions };
}

function stripQuotes(v: string): string {
  return v.startsWith('`') && v.endsWith('`') ? v.slice(1, -1).replaceAll('``', '`') : v;
}
