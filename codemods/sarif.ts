// `taskguard check --format sarif`: SARIF 2.1.0 as GitHub code scanning takes it. Each rule carries
// its doc (short and full description, help as text and markdown); locations are relative to the
// repository root through %SRCROOT%; files that could not be parsed are tool notifications.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { docsPath, docsUrl, packageVersion, ruleDescriptions, type RuleName } from "eslint-plugin-taskguard/analysis";
import type { FileOutcome, RunResult } from "./runner.js";

const srcRoot = "%SRCROOT%";

export function checkSarif(result: RunResult, cwd: string): string {
  const root = repositoryRoot(cwd);
  const ruleIds = Object.keys(ruleDescriptions) as RuleName[];
  const artifact = (file: FileOutcome) => artifactLocation(root, file.path);
  const results = result.files.flatMap((file) =>
    file.findings.map((finding) => ({
      ruleId: finding.rule,
      ruleIndex: ruleIds.indexOf(finding.rule),
      level: finding.level,
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact(file),
            region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
          },
        },
      ],
    })),
  );
  const notifications = result.files
    .filter((file) => file.status === "unparsable" || file.status === "failed")
    .map((file) => {
      const located = /^(\d+):(\d+): ([^]*)$/.exec(file.reason ?? "");
      return {
        level: "error",
        descriptor: { id: file.status === "unparsable" ? "unparsable-file" : "internal-error" },
        message: { text: `${relative(root, file.path).split(sep).join("/")}: ${located ? located[3] : (file.reason ?? "")}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact(file),
              ...(located ? { region: { startLine: Number(located[1]), startColumn: Number(located[2]) } } : {}),
            },
          },
        ],
      };
    });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "taskguard",
            version: packageVersion,
            semanticVersion: packageVersion,
            informationUri: informationUri(),
            rules: ruleIds.map(ruleDescriptor),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [srcRoot]: { uri: `${pathToFileURL(root).href.replace(/\/?$/, "/")}` } },
        // TypeScript's positions, and so the columns, count UTF-16 code units.
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** A rule as its doc describes it: "What it does" is the full description, the whole doc the help. */
function ruleDescriptor(id: RuleName) {
  const markdown = readFileSync(docsPath(id), "utf8");
  const body = markdown.replace(/^# .*\n+/, "");
  const whatItDoes = /## What it does\s+([^]*?)(?=\n## |$)/.exec(body)?.[1]?.trim() ?? ruleDescriptions[id];
  return {
    id,
    shortDescription: { text: ruleDescriptions[id] },
    fullDescription: { text: plain(whatItDoes), markdown: whatItDoes },
    help: { text: plain(body), markdown: body },
    helpUri: docsUrl(id),
    defaultConfiguration: { level: "error" },
  };
}

/** Markdown read as text: headings, emphasis and link targets dropped, code kept. */
function plain(markdown: string): string {
  return markdown
    .replace(/^#{1,6} +/gm, "")
    .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .trim();
}

/** The CLI package's homepage when its package.json names one; else its README as shipped. */
function informationUri(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const json = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; homepage?: string };
    if (json.name === "taskguard-codemod") return json.homepage ?? pathToFileURL(join(dir, "README.md")).href;
  }
  return pathToFileURL(fileURLToPath(import.meta.url)).href;
}

/** The git work tree's top folder (what %SRCROOT% means to GitHub's upload), else the current folder. */
function repositoryRoot(cwd: string): string {
  try {
    return execFileSync("git", ["-C", cwd, "rev-parse", "--show-toplevel"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return cwd;
  }
}

/** Relative to %SRCROOT% when inside the repository; an absolute file URI otherwise. */
function artifactLocation(root: string, path: string): { uri: string; uriBaseId?: string } {
  const rel = relative(root, path);
  if (rel.startsWith("..")) return { uri: pathToFileURL(path).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: srcRoot };
}
