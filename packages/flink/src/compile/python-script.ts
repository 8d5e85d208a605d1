/**
 * The generated PyFlink script. It stays small: tables, record steps and INSERTs live in the plan
 * that `sluice_runtime.flink_driver` runs; the script only holds what must be Python source, the
 * `pyflink` fragments, spliced in SREWorks style so that imported job packages run unchanged.
 *
 * Nothing a user typed reaches the script outside a fragment: names appear only in comments and
 * go through {@link pythonComment}; fragments (and an imported SREWorks template) are the user's
 * own Python by definition.
 */

export interface ScriptFragment {
  node: string;
  name: string;
  code: string;
}

export interface RenderedScript {
  script: string;
  /** 1-based first and last script line of each fragment, in the order given. */
  fragmentLines: { firstLine: number; lastLine: number }[];
}

export const MARKERS = {
  source: '# SOURCE_BLOCK #',
  sink: '# SINK_BLOCK #',
  exec: '# EXEC_BLOCK #',
} as const;

/**
 * Text safe inside a Python comment: JSON string escaping turns line breaks (and every other
 * control character) into escapes, so a name can never end the comment and become code.
 *
 * @example
 * pythonComment('a\nimport os'); // '"a\\nimport os"'
 */
export function pythonComment(text: string): string {
  // U+0085, U+2028 and U+2029 are not Python line breaks, but some editors show them as such.
  return JSON.stringify(text).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Leading tabs expanded with Python's 8-column tab stops, so re-indented code keeps its meaning. */
function expandLeadingTabs(line: string): string {
  const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
  if (!lead.includes('\t')) return line;
  let width = 0;
  for (const c of lead) width = c === '\t' ? (Math.floor(width / 8) + 1) * 8 : width + 1;
  return ' '.repeat(width) + line.slice(lead.length);
}

function normaliseNewlines(code: string): string {
  return code.replace(/\r\n?/g, '\n');
}

function indent(lines: string[], prefix: string): string[] {
  return lines.map((l) => (l.trim() === '' ? '' : prefix + expandLeadingTabs(l)));
}

function header(jobName: string, version: number): string[] {
  return [
    `# Sluice real-time job ${pythonComment(jobName)}, version ${version}. Generated: edit the job, not this file.`,
    '# Tables, python record steps and INSERTs are in sluice_plan.json, run by sluice_runtime.flink_driver;',
    '# pyflink steps are spliced in below as written, in the order of the job graph.',
  ];
}

/** Appends fragments (re-indented by `prefix`) to `out`, recording where each landed. */
function appendFragments(
  out: string[],
  fragments: readonly ScriptFragment[],
  prefix: string,
): RenderedScript['fragmentLines'] {
  const where: RenderedScript['fragmentLines'] = [];
  for (const f of fragments) {
    out.push(
      '',
      `${prefix}# ---- pyflink step ${pythonComment(f.name)} (node ${pythonComment(f.node)}) ----`,
    );
    const lines = normaliseNewlines(f.code).replace(/\n+$/, '').split('\n');
    const firstLine = out.length + 1;
    out.push(...indent(lines, prefix));
    where.push({ firstLine, lastLine: out.length });
  }
  return where;
}

/**
 * The script of a native Sluice job. Module level (not under `if __name__`), so fragments are
 * spliced verbatim, without re-indentation; the imports are the ones the SREWorks default
 * template offered fragments.
 *
 * @example
 * renderDefaultScript('orders', 1, []).script.includes('JobDriver.from_script(__file__)'); // true
 */
export function renderDefaultScript(
  jobName: string,
  version: number,
  fragments: readonly ScriptFragment[],
): RenderedScript {
  const out = [
    ...header(jobName, version),
    'from pyflink.common import Row  # noqa: F401 - offered to pyflink steps, as the SREWorks template did',
    'from pyflink.common.typeinfo import Types  # noqa: F401',
    'from pyflink.datastream import StreamExecutionEnvironment  # noqa: F401',
    'from pyflink.table import StreamTableEnvironment  # noqa: F401',
    'from pyflink.table.expressions import col  # noqa: F401',
    '',
    'from sluice_runtime.flink_driver import JobDriver',
    '',
    'sluice = JobDriver.from_script(__file__)',
    'env, t_env = sluice.env, sluice.t_env',
    'sluice.create_tables()',
    'sluice.build_record_steps()',
    'sluice.begin_fragments()',
  ];
  const fragmentLines = appendFragments(out, fragments, '');
  out.push('', 'sluice.execute()', '');
  return { script: out.join('\n'), fragmentLines };
}

/** Problems with a template, as messages (the caller adds the path). */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

function findMarker(lines: string[], marker: string): { index: number; prefix: string } | undefined {
  let found: { index: number; prefix: string } | undefined;
  lines.forEach((line, index) => {
    const m = /^([ \t]*)(.*?)\s*$/.exec(line);
    if (m?.[2] !== marker) return;
    if (found)
      throw new TemplateError(
        `the template has the marker ${marker} twice (lines ${found.index + 1} and ${index + 1})`,
      );
    found = { index, prefix: m[1] ?? '' };
  });
  return found;
}

/**
 * The script of a job imported with an SREWorks template (`template.py` with `# SOURCE_BLOCK #`,
 * `# SINK_BLOCK #`, `# EXEC_BLOCK #`): the template as written, with tables created at the source
 * and sink markers and the record steps, fragments and the one job submission at the exec marker,
 * each block indented like its marker line (as SREWorks did). The template must define `env` and
 * `t_env` before the markers. With `withArgv`, a prelude puts the start parameters the template
 * reads with argparse into `sys.argv` (see `argvParameters` of the plan).
 *
 * @example
 * renderTemplateScript(template, 'logs', 2, fragments).script;
 */
export function renderTemplateScript(
  template: string,
  jobName: string,
  version: number,
  fragments: readonly ScriptFragment[],
  withArgv = false,
): RenderedScript {
  const lines = normaliseNewlines(template).split('\n');
  const markers = {
    source: findMarker(lines, MARKERS.source),
    sink: findMarker(lines, MARKERS.sink),
    exec: findMarker(lines, MARKERS.exec),
  };
  const exec = markers.exec;
  if (!exec)
    throw new TemplateError(
      `the template has no ${MARKERS.exec} line, where the job's steps and its submission go`,
    );
  const attach = [
    'from sluice_runtime.flink_driver import JobDriver',
    'sluice = JobDriver.attach(env, t_env, __file__)',
  ];
  const blocks = new Map<number, (out: string[]) => RenderedScript['fragmentLines']>();
  if (markers.source) {
    const p = markers.source.prefix;
    blocks.set(markers.source.index, (out) => {
      out.push(...indent([...attach, "sluice.create_tables('source')"], p));
      return [];
    });
  }
  if (markers.sink) {
    const p = markers.sink.prefix;
    blocks.set(markers.sink.index, (out) => {
      out.push(...indent([...attach, "sluice.create_tables('sink')"], p));
      return [];
    });
  }
  blocks.set(exec.index, (out) => {
    out.push(
      ...indent(
        [...attach, 'sluice.create_tables()', 'sluice.build_record_steps()', 'sluice.begin_fragments()'],
        exec.prefix,
      ),
    );
    const where = appendFragments(out, fragments, exec.prefix);
    out.push('', `${exec.prefix}sluice.execute()`);
    return where;
  });
  const out = [...header(jobName, version)];
  // SREWorks templates read start parameters with argparse at import time; the prelude hands
  // them over from the parameters file before the template's own code runs. `from __future__`
  // imports must stay first, so it goes after them.
  const prelude = [
    'from sluice_runtime.flink_plan import extend_argv as _sluice_extend_argv',
    '',
    '_sluice_extend_argv(__file__)  # start parameters for argparse, from the parameters file (never real argv)',
  ];
  let lastFuture = -1;
  lines.forEach((line, index) => {
    if (/^from\s+__future__\s+import\b/.test(line)) lastFuture = index;
  });
  if (withArgv && lastFuture < 0) out.push(...prelude);
  let fragmentLines: RenderedScript['fragmentLines'] = [];
  lines.forEach((line, index) => {
    const block = blocks.get(index);
    if (block) {
      const where = block(out);
      if (index === exec.index) fragmentLines = where;
    } else {
      out.push(line);
    }
    if (withArgv && index === lastFuture) out.push(...prelude);
  });
  if (out[out.length - 1] !== '') out.push('');
  return { script: out.join('\n'), fragmentLines };
}
