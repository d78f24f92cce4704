// Labels of the pattern corpus (fixtures/patterns): a trailing comment on the line a report must
// start on. Grammar, entries separated by `;`:
//   // ok                          nothing may be reported here
//   // expect: <rule>[, <rule>]    every config, syntactic included, must report <rule> here
//   // expect(typed): <rule>       the type-aware configs must; the syntactic run may
//   // expect-strict: <rule>       only the strict config must (recommended ones must not)
// Unlabelled lines are context and must get no report either.

export const ruleNames = ["no-floating-task", "no-dangling-task", "no-floating-callback", "require-task-shutdown"] as const;
export type CorpusRule = (typeof ruleNames)[number];

/** From which config on a finding is required: `always` includes the syntactic run. */
export type Requirement = "always" | "typed" | "strict";

export interface Expectation {
  readonly rule: CorpusRule;
  readonly requirement: Requirement;
}

export interface LabelledLine {
  readonly file: string;
  readonly line: number;
  /** Empty for `// ok`. */
  readonly expectations: readonly Expectation[];
}

const requirementByKeyword: Readonly<Record<string, Requirement>> = {
  "expect": "always",
  "expect(typed)": "typed",
  "expect-strict": "strict",
};

// A trailing comment after code whose text starts with `ok` or `expect`; whole-line comments are prose.
const labelComment = /\S.*?\/\/\s*((?:ok|expect)\b.*)$/;

/** Parses every label in `text`; a malformed label throws with the file and line so a typo cannot hide a case. */
export function parseLabels(file: string, text: string): LabelledLine[] {
  const labelled: LabelledLine[] = [];
  text.split("\n").forEach((source, index) => {
    const match = labelComment.exec(source);
    const label = match?.[1]?.trim();
    if (label === undefined) return;
    const line = index + 1;
    labelled.push({ file, line, expectations: label === "ok" ? [] : parseExpectations(label, `${file}:${line}`) });
  });
  return labelled;
}

function parseExpectations(label: string, where: string): Expectation[] {
  const expectations: Expectation[] = [];
  for (const entry of label.split(";")) {
    const [keyword = "", rules = ""] = entry.split(":", 2).map((part) => part.trim());
    const requirement = requirementByKeyword[keyword];
    if (requirement === undefined || rules === "") {
      throw new Error(`${where}: malformed label "${entry.trim()}"; write "// ok" or "// expect[(typed)|-strict]: <rule>"`);
    }
    for (const rule of rules.split(",").map((name) => name.trim())) {
      if (!isRule(rule)) throw new Error(`${where}: unknown rule "${rule}" in label; use one of ${ruleNames.join(", ")}`);
      expectations.push({ rule, requirement });
    }
  }
  return expectations;
}

function isRule(name: string): name is CorpusRule {
  return (ruleNames as readonly string[]).includes(name);
}
