/**
 * Log parsing accuracy metrics, as defined in issue 6. Both sides are grouped by template string.
 */

/** Per-system accuracy numbers, all in [0, 1]. */
export interface Accuracy {
  /** Grouping accuracy: share of messages whose parsed group equals their true group. */
  GA: number;
  /** F1 of group precision/recall, counting parsed groups equal to some true group. */
  FGA: number;
  /** Parsing accuracy: share of messages whose parsed template equals the true template exactly. */
  PA: number;
  /** F1 of template precision/recall, a parsed template being correct when all its messages have it as true template. */
  FTA: number;
  /** Stricter FTA (Loghub-2.0 style): the parsed group must also equal the true group. */
  FTAstrict: number;
  parsedTemplates: number;
  trueTemplates: number;
}

function groupBy(values: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < values.length; i++) {
    const key = values[i]!;
    let g = groups.get(key);
    if (!g) {
      g = [];
      groups.set(key, g);
    }
    g.push(i);
  }
  return groups;
}

function f1(correct: number, parsed: number, truth: number): number {
  if (correct === 0) return 0;
  const p = correct / parsed;
  const r = correct / truth;
  return (2 * p * r) / (p + r);
}

/** Computes GA, FGA, PA and FTA for aligned arrays of true and parsed templates. */
export function accuracy(truth: readonly string[], parsed: readonly string[]): Accuracy {
  if (truth.length !== parsed.length) {
    throw new Error(`length mismatch: ${truth.length} true templates, ${parsed.length} parsed`);
  }
  const n = truth.length;
  const trueGroups = groupBy(truth);
  const parsedGroups = groupBy(parsed);
  let gaMessages = 0;
  let groupsCorrect = 0;
  let ftaCorrect = 0;
  let ftaStrict = 0;
  for (const [template, members] of parsedGroups) {
    const t0 = truth[members[0]!]!;
    let allSameTruth = true;
    for (const m of members) {
      if (truth[m] !== t0) {
        allSameTruth = false;
        break;
      }
    }
    const sameGroup = allSameTruth && trueGroups.get(t0)!.length === members.length;
    if (sameGroup) {
      gaMessages += members.length;
      groupsCorrect++;
      if (t0 === template) ftaStrict++;
    }
    if (allSameTruth && t0 === template) ftaCorrect++;
  }
  let paMessages = 0;
  for (let i = 0; i < n; i++) if (truth[i] === parsed[i]) paMessages++;
  return {
    GA: n === 0 ? 1 : gaMessages / n,
    FGA: f1(groupsCorrect, parsedGroups.size, trueGroups.size),
    PA: n === 0 ? 1 : paMessages / n,
    FTA: f1(ftaCorrect, parsedGroups.size, trueGroups.size),
    FTAstrict: f1(ftaStrict, parsedGroups.size, trueGroups.size),
    parsedTemplates: parsedGroups.size,
    trueTemplates: trueGroups.size,
  };
}
