/**
 * Import of an SREWorks job package (zip). A package exported by Sluice carries a `sluice` section
 * in settings.json and comes back exactly as it was exported. A package from SREWorks itself is
 * mapped: sources and sinks become table nodes, python files become `pyflink` steps (fragments),
 * execParams become parameters, `{VAR}` placeholders become `${param}` references, and edges are
 * derived from the tables each fragment reads and writes.
 *
 * Python step order is never left to the file system: it comes from `pythonOrder` in
 * settings.json when present, else from what the fragments define and use, else from the file
 * names in natural order; an info issue says which.
 */

import { GraphCycleError, topologicalOrder } from '../graph/graph-analysis.js';
import {
  API_VERSION,
  type Edge,
  type Job,
  jobSchema,
  NODE_KINDS,
  type Parameter,
  type RealtimeSettings,
} from '../model/job.schema.js';
import { naturalCompare } from '../util/text.js';
import { hasErrors, translateZodIssues } from '../validate/issues.js';
import { suggestJobName } from '../validate/rules/job-fields.rule.js';
import { validateDag } from '../validate/validate-dag.js';
import type { ImportIssue, ImportResult } from './import-result.js';
import { analyzeFragment, type FragmentAnalysis } from './pyflink-fragments.js';
import { DEFAULT_UNZIP_LIMITS, safeUnzip, type UnzipLimits } from './safe-unzip.js';
import { fromFString, fromSreworksColumns, type SreworksColumn } from './sreworks-format.js';

export interface SreworksImportOptions {
  /** Job name; defaults to the package's folder name, or `imported-job`. */
  name?: string;
  /** Environment for the job; defaults to `default`. */
  environment?: string;
  limits?: UnzipLimits;
}

const SECRET_NAME = /pass(word|wd)?$|secret|token|credential|api_?key|private_?key/i;

interface TableFile {
  kind: 'source' | 'sink';
  name: string;
  file: string;
  connector: string;
  options: Record<string, string>;
  config: ReturnType<typeof fromSreworksColumns>;
}

interface PythonFile {
  name: string;
  file: string;
  code: string;
}

class Collector {
  readonly issues: ImportIssue[] = [];
  add(severity: ImportIssue['severity'], code: string, message: string, file?: string): void {
    const issue: ImportIssue = { path: [], code, message, severity };
    if (file !== undefined) issue.file = file;
    this.issues.push(issue);
  }
}

/**
 * Imports an SREWorks job package. Never throws: unreadable files are reported by name and the
 * job is built from the rest; the job's validation issues are included.
 *
 * @example
 * const { ok, job, issues } = importSreworksPackage(zipBytes, { name: 'log-clustering' });
 * issues.filter((i) => i.file !== undefined); // problems of single files, e.g. 'sources/x.json: not valid JSON ...'
 */
export function importSreworksPackage(bytes: Uint8Array, options: SreworksImportOptions = {}): ImportResult {
  const out = new Collector();
  try {
    return importInner(bytes, options, out);
  } catch (e) {
    out.add(
      'error',
      'internal',
      `Sluice could not finish importing this package (${e instanceof Error ? e.message : String(e)}); please report this`,
    );
    return { ok: false, issues: out.issues };
  }
}

function importInner(bytes: Uint8Array, options: SreworksImportOptions, out: Collector): ImportResult {
  const unzipped = safeUnzip(bytes, options.limits ?? DEFAULT_UNZIP_LIMITS);
  for (const p of unzipped.problems) out.add('error', p.code, p.message, p.file);
  if (unzipped.fatal) return { ok: false, issues: out.issues };

  let files = new Map<string, Uint8Array>();
  for (const [name, data] of unzipped.files) {
    if (name.startsWith('__MACOSX/') || name.endsWith('.DS_Store')) continue;
    files.set(name, data);
  }
  // A package zipped as a folder ("job/settings.json") is read from inside that folder.
  let folder: string | undefined;
  if (!files.has('settings.json')) {
    const firsts = new Set([...files.keys()].map((n) => n.split('/')[0]!));
    const [only] = firsts;
    if (firsts.size === 1 && only !== undefined && files.has(`${only}/settings.json`)) {
      folder = only;
      files = new Map([...files].map(([n, d]) => [n.slice(only.length + 1), d]));
    }
  }

  const text = (file: string): string | undefined => {
    const data = files.get(file);
    if (data === undefined) return undefined;
    try {
      // TextDecoder drops a UTF-8 byte order mark by default; keep it in code (it is content
      // there, and Python accepts it), drop it in JSON (JSON.parse does not).
      const decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
      return file.endsWith('.json') ? decoded.replace(/^\uFEFF/, '') : decoded;
    } catch {
      out.add('error', 'package.encoding', `${file}: not valid UTF-8 text`, file);
      return undefined;
    }
  };
  const json = (file: string): unknown => {
    const t = text(file);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t);
    } catch (e) {
      out.add('error', 'package.json', `${file}: not valid JSON (${(e as Error).message})`, file);
      return undefined;
    }
  };

  let settings: Record<string, unknown> = {};
  if (!files.has('settings.json')) {
    out.add(
      'warning',
      'package.settings-missing',
      'settings.json is missing; default settings are used',
      'settings.json',
    );
  } else {
    const s = json('settings.json');
    if (isObject(s)) settings = s;
    else if (s !== undefined)
      out.add('error', 'package.settings-shape', 'settings.json: must be a JSON object', 'settings.json');
  }
  const template = files.has('template.py') ? text('template.py') : undefined;

  const sluice = readSluiceSection(settings.sluice, out);
  const aliases = templateAliases(template ?? '');

  // Parameters: Sluice's own declaration, else SREWorks execParams.
  const parameters: Parameter[] =
    sluice !== undefined ? [...sluice.job.parameters] : paramsFromExecParams(settings.execParams, out);
  const declared = new Set(parameters.map((p) => p.name));

  const tables: TableFile[] = [];
  const pythons: PythonFile[] = [];
  for (const file of [...files.keys()].sort(naturalCompare)) {
    if (file === 'settings.json' || file === 'template.py') continue;
    const m = /^(sources|sinks|pythons)\/([^/]+)\.(json|py)$/.exec(file);
    if (m === null || (m[1] === 'pythons') !== (m[3] === 'py')) {
      out.add(
        'warning',
        'package.unknown-file',
        `${file}: not part of a job package (settings.json, template.py, sources/*.json, sinks/*.json, pythons/*.py); it was ignored`,
        file,
      );
      continue;
    }
    const name = m[2]!;
    if (m[1] === 'pythons') {
      const code = text(file);
      if (code !== undefined) pythons.push({ name, file, code });
      continue;
    }
    const table = readTableBlock(
      file,
      name,
      m[1] === 'sources' ? 'source' : 'sink',
      json(file),
      aliases,
      out,
    );
    if (table === undefined) continue;
    tables.push(table);
    for (const [key, value] of Object.entries(table.options)) {
      for (const ref of value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
        const pname = ref[1]!;
        if (declared.has(pname) || sluice !== undefined) continue;
        declared.add(pname);
        const secret = SECRET_NAME.test(pname) || SECRET_NAME.test(key);
        parameters.push({
          name: pname,
          type: 'string',
          required: true,
          secret,
          description: `From {${pname}} in ${file}`,
        });
        out.add(
          'info',
          'package.param-declared',
          `${file}: option '${key}' uses {${pname}}; it was declared as a ${secret ? 'secret ' : ''}parameter '${pname}'`,
          file,
        );
      }
    }
  }

  const job =
    sluice !== undefined
      ? assembleFromSection(sluice, tables, pythons, settings, template, out)
      : assembleForeign(tables, pythons, settings, template, parameters, folder, options, out);

  const parsed = jobSchema.safeParse(job, { reportInput: true });
  if (!parsed.success) {
    out.issues.push(...translateZodIssues(parsed.error.issues));
    return { ok: false, issues: out.issues };
  }
  const validation = validateDag(parsed.data);
  out.issues.push(...validation.issues);
  return { ok: !hasErrors(out.issues), job: validation.job ?? parsed.data, issues: out.issues };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

interface SluiceSection {
  pythonOrder: string[];
  job: Omit<Job, 'graph'>;
  nodes: {
    id: string;
    kind: 'source' | 'python' | 'sink';
    name: string;
    position: { x: number; y: number };
    mode?: 'record' | 'pyflink';
  }[];
  edges: Edge[];
  generatedTemplate: boolean;
}

function readSluiceSection(raw: unknown, out: Collector): SluiceSection | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    out.add(
      'warning',
      'package.sluice-section',
      "settings.json: the 'sluice' section is not an object; the package is read as a plain SREWorks package",
      'settings.json',
    );
    return undefined;
  }
  if (raw.apiVersion !== API_VERSION) {
    out.add(
      'warning',
      'package.sluice-version',
      `settings.json: the 'sluice' section has apiVersion ${JSON.stringify(raw.apiVersion)}, not '${API_VERSION}'; the package is read as a plain SREWorks package`,
      'settings.json',
    );
    return undefined;
  }
  const ok =
    Array.isArray(raw.pythonOrder) &&
    isObject(raw.job) &&
    Array.isArray(raw.nodes) &&
    raw.nodes.every(
      (n) =>
        isObject(n) &&
        typeof n.id === 'string' &&
        typeof n.name === 'string' &&
        (NODE_KINDS as readonly unknown[]).includes(n.kind) &&
        isObject(n.position),
    ) &&
    Array.isArray(raw.edges) &&
    raw.edges.every(
      (e) =>
        isObject(e) &&
        typeof e.id === 'string' &&
        typeof e.source === 'string' &&
        typeof e.target === 'string',
    );
  if (!ok) {
    out.add(
      'warning',
      'package.sluice-section',
      "settings.json: the 'sluice' section is damaged; the package is read as a plain SREWorks package",
      'settings.json',
    );
    return undefined;
  }
  const job = raw.job as Record<string, unknown>;
  return {
    pythonOrder: (raw.pythonOrder as unknown[]).filter((x): x is string => typeof x === 'string'),
    job: { ...job, parameters: Array.isArray(job.parameters) ? job.parameters : [] } as Omit<Job, 'graph'>,
    nodes: raw.nodes as SluiceSection['nodes'],
    edges: raw.edges as Edge[],
    generatedTemplate: raw.generatedTemplate !== false,
  };
}

/** `DB_HOST = args.host` lines of an SREWorks template: template variable -> argument name. */
function templateAliases(template: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of template.matchAll(
    /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*args\.([A-Za-z_][A-Za-z0-9_]*)\s*$/gm,
  )) {
    aliases.set(m[1]!, m[2]!);
  }
  return aliases;
}

function paramsFromExecParams(raw: unknown, out: Collector): Parameter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    out.add(
      'error',
      'package.exec-params',
      'settings.json: execParams must be a list of { key, value }',
      'settings.json',
    );
    return [];
  }
  const params: Parameter[] = [];
  raw.forEach((entry, i) => {
    if (!isObject(entry) || typeof entry.key !== 'string' || entry.key === '') {
      out.add(
        'error',
        'package.exec-params',
        `settings.json: execParams[${i}] must be { "key": "...", "value": "..." }`,
        'settings.json',
      );
      return;
    }
    const name = entry.key;
    const value = entry.value === undefined || entry.value === null ? '' : String(entry.value);
    const secret = SECRET_NAME.test(name);
    const placeholder = /^\{[^{}]*\}$/.test(value);
    const param: Parameter = {
      name,
      type: 'string',
      required: true,
      secret,
      description: 'From execParams of the SREWorks package',
    };
    if (!secret && !placeholder && value !== '') {
      param.default = value;
      param.required = false;
    }
    if (secret && !placeholder && value !== '') {
      out.add(
        'warning',
        'package.secret-dropped',
        `settings.json: execParams '${name}' looks like a secret; its value was not imported. Supply it when the job starts`,
        'settings.json',
      );
    }
    params.push(param);
  });
  return params;
}

function readTableBlock(
  file: string,
  name: string,
  kind: 'source' | 'sink',
  raw: unknown,
  aliases: ReadonlyMap<string, string>,
  out: Collector,
): TableFile | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    out.add('error', 'package.block-shape', `${file}: must be a JSON object with columns and options`, file);
    return undefined;
  }
  const typeKey = kind === 'source' ? 'sourceType' : 'sinkType';
  const rawColumns = raw.columns ?? [];
  const rawOptions = raw.options ?? [];
  if (
    !Array.isArray(rawColumns) ||
    !rawColumns.every(
      (c) =>
        isObject(c) &&
        typeof c.columnType === 'string' &&
        (c.columnName === undefined || c.columnName === null || typeof c.columnName === 'string'),
    )
  ) {
    out.add(
      'error',
      'package.block-shape',
      `${file}: 'columns' must be a list of { "columnName": "...", "columnType": "..." }`,
      file,
    );
    return undefined;
  }
  if (!Array.isArray(rawOptions) || !rawOptions.every((o) => isObject(o) && typeof o.key === 'string')) {
    out.add(
      'error',
      'package.block-shape',
      `${file}: 'options' must be a list of { "key": "...", "value": "..." }`,
      file,
    );
    return undefined;
  }
  let config: ReturnType<typeof fromSreworksColumns>;
  try {
    config = fromSreworksColumns(
      rawColumns.map((c) => {
        const col: SreworksColumn = { columnType: c.columnType as string };
        if (typeof c.columnName === 'string') col.columnName = c.columnName;
        return col;
      }),
    );
  } catch (e) {
    out.add('error', 'package.column', `${file}: ${(e as Error).message}`, file);
    return undefined;
  }
  const options: Record<string, string> = {};
  let optionConnector: string | undefined;
  for (const o of rawOptions as Record<string, unknown>[]) {
    const key = o.key as string;
    const value = o.value === undefined || o.value === null ? '' : String(o.value);
    if (key === 'connector') {
      optionConnector = value;
      continue;
    }
    if (Object.hasOwn(options, key))
      out.add(
        'warning',
        'package.option-duplicate',
        `${file}: option '${key}' is listed twice; the last value is used`,
        file,
      );
    const converted = fromFString(value, aliases);
    for (const u of converted.unsupported) {
      out.add(
        'warning',
        'package.placeholder',
        `${file}: option '${key}' contains '${u}', which is not a simple variable; it was kept as text`,
        file,
      );
    }
    options[key] = converted.value;
  }
  const declared = typeof raw[typeKey] === 'string' ? (raw[typeKey] as string) : undefined;
  if (declared !== undefined && optionConnector !== undefined && declared !== optionConnector) {
    out.add(
      'error',
      'package.connector-conflict',
      `${file}: ${typeKey} is '${declared}' but option 'connector' is '${optionConnector}'`,
      file,
    );
    return undefined;
  }
  const connector = declared ?? optionConnector;
  if (connector === undefined || connector === '') {
    out.add(
      'error',
      'package.connector-missing',
      `${file}: no connector (${typeKey} or option 'connector')`,
      file,
    );
    return undefined;
  }
  return { kind, name, file, connector, options, config };
}

function tableNode(t: TableFile, id: string, position: { x: number; y: number }): Record<string, unknown> {
  const config: Record<string, unknown> = {
    connector: t.connector,
    options: t.options,
    columns: t.config.columns,
  };
  if (t.config.watermark !== undefined) config.watermark = t.config.watermark;
  if (t.config.primaryKey !== undefined) config.primaryKey = t.config.primaryKey;
  return { id, kind: t.kind, name: t.name, position, config };
}

function assembleFromSection(
  section: SluiceSection,
  tables: TableFile[],
  pythons: PythonFile[],
  settings: Record<string, unknown>,
  template: string | undefined,
  out: Collector,
): unknown {
  const tableByKey = new Map(tables.map((t) => [`${t.kind}/${t.name}`, t]));
  const pythonByName = new Map(pythons.map((p) => [p.name, p]));
  const nodes: Record<string, unknown>[] = [];
  const used = new Set<string>();
  for (const n of section.nodes) {
    if (n.kind === 'python') {
      const p = pythonByName.get(n.name);
      if (p === undefined) {
        out.add(
          'error',
          'package.file-missing',
          `pythons/${n.name}.py is missing (settings.json lists it)`,
          `pythons/${n.name}.py`,
        );
        continue;
      }
      used.add(`python/${n.name}`);
      nodes.push({
        id: n.id,
        kind: 'python',
        name: n.name,
        position: n.position,
        config: { mode: n.mode ?? 'pyflink', code: p.code },
      });
      continue;
    }
    const t = tableByKey.get(`${n.kind}/${n.name}`);
    if (t === undefined) {
      out.add(
        'error',
        'package.file-missing',
        `${n.kind}s/${n.name}.json is missing (settings.json lists it)`,
        `${n.kind}s/${n.name}.json`,
      );
      continue;
    }
    used.add(`${n.kind}/${n.name}`);
    nodes.push(tableNode(t, n.id, n.position));
  }
  let extraY = 0;
  for (const t of tables) {
    if (used.has(`${t.kind}/${t.name}`)) continue;
    out.add(
      'info',
      'package.file-added',
      `${t.file} is not listed in settings.json; it was added as a new ${t.kind}`,
      t.file,
    );
    nodes.push(
      tableNode(t, `${t.kind}-${t.name}`, { x: t.kind === 'source' ? 0 : 960, y: 600 + 140 * extraY++ }),
    );
  }
  for (const p of pythons) {
    if (used.has(`python/${p.name}`)) continue;
    out.add(
      'info',
      'package.file-added',
      `${p.file} is not listed in settings.json; it was added as a new pyflink step`,
      p.file,
    );
    nodes.push({
      id: `python-${p.name}`,
      kind: 'python',
      name: p.name,
      position: { x: 480, y: 600 + 140 * extraY++ },
      config: { mode: 'pyflink', code: p.code },
    });
  }
  const ids = new Set(nodes.map((n) => n.id));
  const edges = section.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const job: Record<string, unknown> = { ...structuredClone(section.job), graph: { nodes, edges } };
  if (job.kind === 'realtime') {
    const realtime: Record<string, unknown> = isObject(job.realtime) ? job.realtime : {};
    if (!section.generatedTemplate && template !== undefined) realtime.pyflinkTemplate = template;
    applyStreamSettings(realtime, settings, out);
    job.realtime = realtime;
  }
  return job;
}

function applyStreamSettings(
  realtime: Record<string, unknown>,
  settings: Record<string, unknown>,
  out: Collector,
): void {
  if (settings.parallelism !== undefined) {
    const p = Number(settings.parallelism);
    if (Number.isInteger(p) && p >= 1) realtime.parallelism = p;
    else
      out.add(
        'warning',
        'package.parallelism',
        `settings.json: parallelism ${JSON.stringify(settings.parallelism)} is not a positive whole number; it was ignored`,
        'settings.json',
      );
  }
  const res = settings.resources;
  const resources: NonNullable<RealtimeSettings['resources']> = {};
  const spec = (v: unknown): { cpu?: number; memory?: string } | undefined => {
    if (!isObject(v)) return undefined;
    const s: { cpu?: number; memory?: string } = {};
    const cpu = Number(v.cpu);
    if (v.cpu !== undefined && Number.isFinite(cpu) && cpu > 0) s.cpu = cpu;
    if (typeof v.memory === 'string' && v.memory !== '') s.memory = v.memory;
    return s;
  };
  if (isObject(res)) {
    const jm = spec(res.jobmanager);
    const tm = spec(res.taskmanager);
    if (jm !== undefined) resources.jobManager = jm;
    if (tm !== undefined) resources.taskManager = tm;
  }
  const tms = Number(settings.numberOfTaskManagers);
  if (settings.numberOfTaskManagers !== undefined && Number.isInteger(tms) && tms >= 1)
    resources.taskManagers = tms;
  if (Object.keys(resources).length > 0) realtime.resources = resources;
}

function assembleForeign(
  tables: TableFile[],
  pythons: PythonFile[],
  settings: Record<string, unknown>,
  template: string | undefined,
  parameters: Parameter[],
  folder: string | undefined,
  options: SreworksImportOptions,
  out: Collector,
): unknown {
  const explicit = Array.isArray(settings.pythonOrder)
    ? settings.pythonOrder.filter((x): x is string => typeof x === 'string')
    : undefined;
  const { ordered, dependencies } = orderFragments(pythons, explicit, out);

  const sources = tables.filter((t) => t.kind === 'source');
  const sinks = tables.filter((t) => t.kind === 'sink');
  const nodes: Record<string, unknown>[] = [];
  const id = (kind: string, name: string) => `${kind}-${name}`;
  sources.forEach((t, i) => {
    nodes.push(tableNode(t, id('source', t.name), { x: 0, y: 140 * i }));
  });
  ordered.forEach((p, i) => {
    nodes.push({
      id: id('python', p.name),
      kind: 'python',
      name: p.name,
      position: { x: 320 * (i + 1), y: 0 },
      config: { mode: 'pyflink', code: p.code },
    });
  });
  sinks.forEach((t, i) => {
    nodes.push(tableNode(t, id('sink', t.name), { x: 320 * (ordered.length + 1), y: 140 * i }));
  });

  const edges: Edge[] = [];
  const seen = new Set<string>();
  const connect = (source: string, target: string) => {
    const key = `${source}->${target}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ id: key, source, target });
  };
  const analyses = new Map(ordered.map((p) => [p.name, analyzeFragment(p.code)]));
  for (const p of ordered) {
    const a = analyses.get(p.name)!;
    for (const s of sources) if (a.reads.has(s.name)) connect(id('source', s.name), id('python', p.name));
    for (const [from, to] of dependencies)
      if (to === p.name) connect(id('python', from), id('python', p.name));
    for (const s of sinks) if (a.writes.has(s.name)) connect(id('python', p.name), id('sink', s.name));
  }
  for (const p of ordered) {
    const a = analyses.get(p.name)!;
    if (a.reads.size === 0 && !dependencies.some(([, to]) => to === p.name)) {
      out.add(
        'warning',
        'package.edges',
        `${p.file}: could not tell which tables this step reads (no t_env.from_path("...")); connect its input on the canvas`,
        p.file,
      );
    }
  }

  const name = suggestJobName(options.name ?? folder ?? 'imported-job');
  const realtime: Record<string, unknown> = {};
  if (template !== undefined) realtime.pyflinkTemplate = template;
  applyStreamSettings(realtime, settings, out);
  if (settings.pythonRuntimeId !== undefined) {
    out.add(
      'info',
      'package.environment',
      `settings.json: the package used SREWorks Python runtime ${JSON.stringify(settings.pythonRuntimeId)}; the job uses environment '${options.environment ?? 'default'}'`,
      'settings.json',
    );
  }
  return {
    name,
    title: options.name ?? folder ?? name,
    description: 'Imported from an SREWorks job package',
    tags: ['sreworks'],
    kind: 'realtime',
    environment: options.environment ?? 'default',
    parameters,
    graph: { nodes, edges },
    realtime,
  };
}

/**
 * Orders python fragments: explicit list, else definitions and uses between fragments, else file
 * names (natural order). Returns the order and the dependencies found ([from, to] names).
 */
function orderFragments(
  pythons: PythonFile[],
  explicit: string[] | undefined,
  out: Collector,
): { ordered: PythonFile[]; dependencies: [string, string][] } {
  const byName = [...pythons].sort((a, b) => naturalCompare(a.name, b.name));
  if (byName.length === 0) return { ordered: [], dependencies: [] };
  if (explicit !== undefined) {
    const names = new Set(byName.map((p) => p.name));
    if (
      explicit.length === names.size &&
      explicit.every((n) => names.has(n)) &&
      new Set(explicit).size === explicit.length
    ) {
      out.add(
        'info',
        'package.python-order',
        `Python step order taken from pythonOrder in settings.json: ${explicit.join(', ')}`,
        'settings.json',
      );
      const lookup = new Map(byName.map((p) => [p.name, p]));
      const ordered = explicit.map((n) => lookup.get(n)!);
      return { ordered, dependencies: ordered.slice(1).map((p, i) => [ordered[i]!.name, p.name]) };
    }
    out.add(
      'warning',
      'package.python-order',
      'settings.json: pythonOrder does not list exactly the files in pythons/; it was ignored',
      'settings.json',
    );
  }
  const analyses = new Map<string, FragmentAnalysis>(byName.map((p) => [p.name, analyzeFragment(p.code)]));
  const dependencies: [string, string][] = [];
  for (const b of byName) {
    const ab = analyses.get(b.name)!;
    for (const a of byName) {
      if (a === b) continue;
      const aa = analyses.get(a.name)!;
      const usesName = [...aa.defines].some((d) => ab.mentions.has(d) && !ab.defines.has(d));
      const readsView = [...aa.registers].some((r) => ab.reads.has(r));
      if (usesName || readsView) dependencies.push([a.name, b.name]);
    }
  }
  if (byName.length > 1 && dependencies.length > 0) {
    try {
      const order = topologicalOrder({
        nodes: byName.map((p) => ({ id: p.name })),
        edges: dependencies.map(([s, t]) => ({ source: s, target: t })),
      });
      const lookup = new Map(byName.map((p) => [p.name, p]));
      out.add(
        'info',
        'package.python-order',
        `Python step order derived from what each step defines and uses: ${order.join(', ')}`,
      );
      return { ordered: order.map((n) => lookup.get(n)!), dependencies };
    } catch (e) {
      if (!(e instanceof GraphCycleError)) throw e;
      out.add(
        'warning',
        'package.python-order',
        `Python steps depend on each other in a circle (${e.cycles[0]?.join(', ')}); ordered by file name instead`,
      );
      return { ordered: byName, dependencies: [] };
    }
  }
  if (byName.length > 1) {
    out.add(
      'info',
      'package.python-order',
      `Python step order taken from the file names (no dependencies between steps found): ${byName.map((p) => p.name).join(', ')}`,
    );
  }
  return { ordered: byName, dependencies: [] };
}
