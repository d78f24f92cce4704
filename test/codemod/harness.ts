// Runs a fixture through the codemod's own transform in one type-aware ts-morph Project that
// uses fixtures/tsconfig.json ("taskguard" maps to ../runtime/index.ts). Files are overlaid in
// memory at their real paths and never saved.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Project, type ts } from "ts-morph";
import { analysisTs } from "../../codemods/project.js";
import { projectStyle } from "../../codemods/style-config.js";
import { checkFile, fixFile, type FileFix } from "../../codemods/transform.js";
import { defaultAnalysisOptions } from "../../rules/analysis/types.js";

export const fixturesDir = resolve(import.meta.dirname, "../../fixtures");
export const casesDir = join(fixturesDir, "codemod");

export function caseNames(): string[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readCase(name: string, file: string): string {
  return readFileSync(join(casesDir, name, file), "utf8");
}

let shared: Project | undefined;

function project(): Project {
  shared ??= new Project({ tsConfigFilePath: join(fixturesDir, "tsconfig.json"), skipAddingFilesFromTsConfig: true });
  return shared;
}

/** Puts `text` at `path` in the project; returns the program that sees it. */
function load(path: string, text: string, typeAware: boolean): { program: ts.Program; sourceFile: ts.SourceFile } {
  const p = project();
  p.createSourceFile(path, text, { overwrite: true });
  if (typeAware) p.resolveSourceFileDependencies();
  const program = p.getProgram().compilerObject;
  const sourceFile = program.getSourceFile(path);
  if (!sourceFile) throw new Error(`${path} is not in the fixture program`);
  return { program, sourceFile };
}

/** The transform the CLI applies, on `text` placed at `path`; type-aware unless told otherwise. */
export function fixText(path: string, text: string, typeAware = true): FileFix {
  const { program, sourceFile } = load(path, text, typeAware);
  const ctx = { ts: analysisTs, sourceFile, checker: typeAware ? program.getTypeChecker() : undefined, options: defaultAnalysisOptions };
  // As the CLI does: the project's formatter config (a case folder may hold one) beats the file's habits.
  return fixFile(ctx, checkFile(ctx), { style: projectStyle(path) });
}

/** Syntactic and semantic diagnostics of `text` at `path`, as `line: TSxxxx message`. */
export function diagnostics(path: string, text: string): string[] {
  const { program, sourceFile } = load(path, text, true);
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map((d) => {
    const line = d.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(d.start).line + 1;
    const message = typeof d.messageText === "string" ? d.messageText : d.messageText.messageText;
    return `${line}: TS${d.code} ${message}`;
  });
}
