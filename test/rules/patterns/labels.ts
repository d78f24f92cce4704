// Labels of the pattern corpus (fixtures/patterns): a trailing comment on the line a report must
// start on. Grammar, entries separated by `;`:
//   // ok                          nothing may be reported here
//   // expect: <rule>[, <rule>]    every config, syntactic included, must report <rule> here
//   // expect(typed): <rule>       the type-aware configs must; the syntactic run may
//   // expect-strict: <rule>       only the strict config must (recommended ones must not)
// A rule may name the message it must report with: `no-floating-task[floatingVoid]`.
// Unlabelled lines are context and must get no report either.

export const ruleNames = ["no-floating-task", "no-dangling-task", "no-floating-callback", "require-task-shutdown"] as const;
export type CorpusRule = (typeof ruleNames)[number];

/** From which config on a finding is required: `always` includes the syntactic run. */
export type Requirement = "always" | "typed" | "strict";

export interface Expectation {
  readonly rule: CorpusRule;
  readonly requirement: Requirement;
  /** The report's `messageId`, where the label names one. */
  readonly messageId?: string;
}

export interface LabelledLine {
  readonly file: string;
  readonly line: number;
  /** The code before the label, for messages. */
  readonly code: string;
  /** Empty for `// ok`. */
  readonly expectations: readonly Expectation[];
}

const requirementByKeyword: Readonly<Record<string, Requirement>> = {
  "expect": "always",
  "expect(typed)": "typed",
  "expect-strict": "strict",
};

// A trailing comment after code whose text starts with `ok` or `expect`; whole-line comments are prose.
const labelComment = /^(\s*\S.*?)\/\/\s*((?:ok|expect)\b.*)$/;

/** Parses every label in `text`; a malformed label throws with the file and line so a typo cannot hide a case. */
export function parseLabels(file: string, text: string): LabelledLine[] {
  const labelled: LabelledLine[] = [];
  text.split("\n").forEach((source, index) => {
    const [, code = "", label] = labelComment.exec(source) ?? [];
    if (label === undefined) return;
    const line = index + 1;
    const trimmed = label.trim();
    labelled.push({ file, line, code: code.trim(), expectations: trimmed === "ok" ? [] : parseExpectations(trimmed, `${file}:${line}`) });
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
    for (const item of rules.split(",").map((name) => name.trim())) {
      const [, rule = item, messageId] = /^([\w-]+)\[(\w+)\]$/.exec(item) ?? [];
      if (!isRule(rule)) throw new Error(`${where}: unknown rule "${rule}" in label; use one of ${ruleNames.join(", ")}`);
      expectations.push(messageId === undefined ? { rule, requirement } : { rule, requirement, messageId });
    }
  }
  return expectations;
}

function isRule(name: string): name is CorpusRule {
  return (ruleNames as readonly string[]).includes(name);
}
