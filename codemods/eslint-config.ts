// Agreeing with ESLint: which taskguard rules apply to a file and with which options, which files
// the config ignores, and which findings its disable directives silence. The user's own ESLint
// decides (resolved from the project, not from this package); without one, the defaults apply.
import { createRequire } from "node:module";
import { extname, join, relative, sep } from "node:path";
import type { ESLint, Linter } from "eslint";
import { defaultAnalysisOptions, type AnalysisOptions, type RuleName } from "eslint-plugin-taskguard/analysis";
import { UsageError } from "./errors.js";
import { recommendedRules } from "./transform.js";

type EslintModule = typeof import("eslint");

export type Level = "error" | "warning";

/** Where a finding is reported, as ESLint reports it (1-based line and column). */
export interface Position {
  readonly rule: RuleName;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface FilePolicy {
  /** The taskguard rules on for this file, with their level. */
  readonly rules: ReadonlyMap<RuleName, Level>;
  readonly options: AnalysisOptions;
  /** For each finding, whether ESLint would report it in this text: its disable directives applied. */
  keep(path: string, text: string, findings: readonly Position[]): boolean[];
}

export interface LintPolicy {
  /** One line on where the rules' settings come from, when that is not the user's ESLint config. */
  readonly note: string | undefined;
  /** The eslint.config.* the settings come from. */
  readonly configFile: string | undefined;
  /** "ignored": the config's ignores (or no config object) exclude the file, so ESLint never lints it. */
  forFile(path: string): FilePolicy | "ignored";
}

const pluginName = "eslint-plugin-taskguard";
const typeAwareParserOptions = new Set(["project", "projectService", "programs"]);

/** As the plugin's recommended config sets them. */
function defaultRules(): Map<RuleName, Level> {
  return new Map(recommendedRules.map((rule) => [rule, "error"]));
}

const keepAll = (_path: string, _text: string, findings: readonly Position[]): boolean[] => findings.map(() => true);

/** The recommended rules with default options, for every file. */
export function defaultPolicy(note: string | undefined): LintPolicy {
  const policy: FilePolicy = { rules: defaultRules(), options: defaultAnalysisOptions, keep: keepAll };
  return { note, configFile: undefined, forFile: () => policy };
}

/**
 * Asks the project's ESLint (9 or later) about each file: `isPathIgnored`, `calculateConfigForFile`
 * for taskguard's rules and options, and a `Linter` for the directives (see `directiveFilter`).
 */
export async function loadLintPolicy(cwd: string, files: readonly string[]): Promise<LintPolicy> {
  let eslintModule: EslintModule;
  try {
    eslintModule = createRequire(join(cwd, "package.json"))("eslint") as EslintModule;
  } catch {
    return defaultPolicy("ESLint is not installed in this project: the recommended rules with default options, no eslint-disable comments read.");
  }
  const { ESLint: ESLintClass, Linter: LinterClass } = eslintModule;
  const major = Number(ESLintClass.version.split(".")[0]);
  if (!(major >= 9)) return defaultPolicy(`ESLint ${ESLintClass.version} has no flat config API: the recommended rules with default options.`);
  const eslint = new ESLintClass({ cwd });
  // ESLint 10 looks a config up from each file's folder, ESLint 9 from the current one.
  const configFile = (files[0] === undefined ? undefined : await eslint.findConfigFile(files[0])) ?? (await eslint.findConfigFile());
  if (!configFile) return defaultPolicy("No eslint.config.* found: the recommended rules with default options, no eslint-disable comments read.");
  const shown = relative(cwd, configFile).split(sep).join("/");

  const configs = new Map<string, Linter.Config | undefined>();
  try {
    for (const file of files) configs.set(file, (await eslint.isPathIgnored(file)) ? undefined : ((await eslint.calculateConfigForFile(file)) as Linter.Config | undefined));
  } catch (error) {
    throw new UsageError(`${shown} could not be loaded: ${error instanceof Error ? error.message.split("\n")[0] : String(error)} Fix it (npx eslint shows the same error), or pass --no-config-lookup to use the defaults.`);
  }
  const linted = [...configs.values()].filter((config) => config !== undefined);
  const usesTaskguard = linted.some((config) => namespacesOf(config).length > 0);
  const note = usesTaskguard || linted.length === 0 ? undefined : `${shown} does not use ${pluginName}: the recommended rules with default options; its ignores and eslint-disable comments still apply.`;
  const linter = new LinterClass({ configType: "flat", cwd });
  const fallbackParser = loadFallbackParser(cwd);

  const policies = new Map<string, FilePolicy | "ignored">();
  for (const [file, config] of configs) {
    if (!config) {
      policies.set(file, "ignored");
      continue;
    }
    const namespaces = usesTaskguard ? namespacesOf(config) : ["taskguard"];
    const { rules, options } = usesTaskguard ? rulesOf(config, namespaces) : { rules: defaultRules(), options: defaultAnalysisOptions };
    policies.set(file, { rules, options, keep: directiveFilter(linter, config, namespaces, fallbackParser) });
  }
  return { note, configFile, forFile: (path) => policies.get(path) ?? "ignored" };
}

/** The names the config registers taskguard's plugin under (`taskguard` in its own configs). */
function namespacesOf(config: Linter.Config): string[] {
  return Object.entries(config.plugins ?? {})
    .filter(([, plugin]) => plugin.meta?.name === pluginName)
    .map(([namespace]) => namespace);
}

/** The taskguard rules the config turns on, their level, and no-floating-task's options. */
function rulesOf(config: Linter.Config, namespaces: readonly string[]): { rules: Map<RuleName, Level>; options: AnalysisOptions } {
  const rules = new Map<RuleName, Level>();
  let options = defaultAnalysisOptions;
  for (const [key, entry] of Object.entries(config.rules ?? {})) {
    const slash = key.lastIndexOf("/");
    if (!namespaces.includes(key.slice(0, slash))) continue;
    const rule = key.slice(slash + 1) as RuleName;
    const [severity, ruleOptions] = Array.isArray(entry) ? (entry as [Linter.RuleSeverity, unknown?]) : [entry as Linter.RuleSeverity];
    const level = severity === 2 || severity === "error" ? "error" : severity === 1 || severity === "warn" ? "warning" : undefined;
    if (!level) continue;
    rules.set(rule, level);
    if (rule === "no-floating-task" && ruleOptions && typeof ruleOptions === "object") options = { ...defaultAnalysisOptions, ...(ruleOptions as Partial<AnalysisOptions>) };
  }
  return { rules, options };
}

/**
 * ESLint decides which findings its directives silence: the findings are reported again, at their
 * own positions, by stand-in rules under taskguard's rule names in a `Linter` run on the file's text
 * with the file's parser and linter options, and only the reports that come back are kept. That is
 * exact for every directive form ESLint knows (`eslint-disable`/`-enable` blocks, `-line`,
 * `-next-line`, `-- reasons`, inline `rule: off`, `noInlineConfig`) without a second analysis: only
 * a syntactic parse of the files that have findings. Type information is turned off for it.
 */
function directiveFilter(linter: Linter, config: Linter.Config, namespaces: readonly string[], fallbackParser: Linter.Parser | undefined): FilePolicy["keep"] {
  return (path, text, findings) => {
    if (findings.length === 0) return [];
    const pending = findings;
    const standIn: ESLint.Plugin = {
      rules: Object.fromEntries(
        [...new Set(findings.map((finding) => finding.rule))].map((rule) => [
          rule,
          {
            meta: { schema: false },
            create: (context) => ({
              Program() {
                pending.forEach((finding, index) => {
                  if (finding.rule !== rule) return;
                  const loc = { start: { line: finding.line, column: finding.column - 1 }, end: { line: finding.endLine, column: finding.endColumn - 1 } };
                  context.report({ loc, message: String(index) });
                });
              },
            }),
          },
        ]),
      ),
    };
    const languageOptions = { ...config.languageOptions };
    languageOptions.parser ??= fallbackParser;
    // Directives need no types: parse only, without the project service's program.
    languageOptions.parserOptions = Object.fromEntries(Object.entries(languageOptions.parserOptions ?? {}).filter(([key]) => !typeAwareParserOptions.has(key)));
    const namespace = namespaces[0] ?? "taskguard";
    const replay: Linter.Config[] = [
      {
        files: [`**/*${extname(path)}`],
        languageOptions,
        linterOptions: { noInlineConfig: config.linterOptions?.noInlineConfig ?? false, reportUnusedDisableDirectives: "off" },
        plugins: Object.fromEntries((namespaces.length ? namespaces : [namespace]).map((name) => [name, standIn])),
        rules: Object.fromEntries(findings.map((finding) => [`${namespace}/${finding.rule}`, "error" as const])),
      },
    ];
    const messages = linter.verify(text, replay, path);
    // A parser that cannot read the file: ESLint would report the parse error; keep the findings.
    if (messages.some((message) => message.fatal)) return findings.map(() => true);
    const kept = findings.map(() => false);
    for (const message of messages) if (message.ruleId?.startsWith(`${namespace}/`)) kept[Number(message.message)] = true;
    return kept;
  };
}

/** typescript-eslint's parser, for files whose config names none: the project's, else the plugin's own. */
function loadFallbackParser(cwd: string): Linter.Parser | undefined {
  for (const from of [join(cwd, "package.json"), import.meta.resolve(`${pluginName}/package.json`)]) {
    try {
      return createRequire(from)("@typescript-eslint/parser") as Linter.Parser;
    } catch {
      // try the next place
    }
  }
  return undefined;
}
