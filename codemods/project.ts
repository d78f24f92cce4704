// Loads the files of a run into ts-morph Projects, one per tsconfig: type-aware when a tsconfig is
// known, syntactic (parse only, no checker) otherwise. Each file gets its nearest tsconfig.json,
// as typescript-eslint's project service gives it, so a monorepo's packages keep their own options.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Project, ts } from "ts-morph";
import { defaultAnalysisOptions, type AnalysisContext, type AnalysisOptions, type TS } from "eslint-plugin-taskguard/analysis";
import { UsageError } from "./errors.js";

export interface Workspace {
  readonly project: Project;
  /** The tsconfig the types come from; `undefined` in syntactic mode or with default options. */
  readonly tsconfig: string | undefined;
  readonly typeAware: boolean;
}

/** ts-morph's bundled TypeScript, typed as the analysis expects (its .d.ts differs only in the module's `default`). */
export const analysisTs = ts as unknown as TS;

/** The nearest tsconfig.json at or above `from` (a file or a folder), as the project service finds it. */
export function findTsconfig(from: string): string | undefined {
  for (let dir = existsSync(from) && !from.match(/\.[cm]?tsx?$/) ? from : dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * With a tsconfig: its compiler options and the checker, but only the run's files and what they
 * import (not every file the tsconfig includes). Without: a parse-only project with no lib and no
 * module resolution. `withTypes` forces type information with default options when there is no tsconfig.
 */
export function openWorkspace(tsconfig: string | undefined, withTypes = false): Workspace {
  if (tsconfig) {
    const path = resolve(tsconfig);
    checkTsconfig(path);
    return { project: new Project({ tsConfigFilePath: path, skipAddingFilesFromTsConfig: true }), tsconfig: path, typeAware: true };
  }
  if (withTypes) {
    const compilerOptions: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    };
    return { project: new Project({ compilerOptions }), tsconfig: undefined, typeAware: true };
  }
  const compilerOptions: ts.CompilerOptions = { noLib: true, noResolve: true, target: ts.ScriptTarget.ES2022, noEmit: true };
  const project = new Project({ useInMemoryFileSystem: false, skipFileDependencyResolution: true, compilerOptions });
  return { project, tsconfig: undefined, typeAware: false };
}

/**
 * Adds the run's files, then (type-aware) what they import. Each is parsed once, from disk: creating
 * it from the text already read (`createSourceFile(…, { overwrite: true })`) would make ts-morph
 * parse the file on disk first and then the text again. A file that changed since the run read it
 * gets the text the run read.
 */
export function addFiles(workspace: Workspace, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    const sourceFile = workspace.project.addSourceFileAtPathIfExists(path);
    if (!sourceFile) workspace.project.createSourceFile(path, text);
    else if (sourceFile.getFullText() !== text) sourceFile.replaceWithText(text);
    setModuleFormat(workspace, path);
  }
  if (workspace.typeAware) workspace.project.resolveSourceFileDependencies();
}

/**
 * ts-morph parses files without the module format tsc derives from the extension and the nearest
 * package.json (node16/nodenext), so every file looks like ESM to its program. The analysis needs
 * the real one: an ES import is not possible in a CommonJS file.
 */
function setModuleFormat(workspace: Workspace, path: string): void {
  const sourceFile = workspace.project.getSourceFileOrThrow(path).compilerNode;
  sourceFile.impliedNodeFormat ??= ts.getImpliedNodeFormatForFile(sourceFile.fileName, undefined, ts.sys, workspace.project.getCompilerOptions());
}

/**
 * A program over the run's files as tsc builds it from the workspace's options, with `texts` in
 * place of what is on disk: unlike ts-morph's, it gives every file (the runtime's too) its module
 * format, so --verify sees what tsc will say (TS1479 for an ES import in a CommonJS file). Files
 * whose text did not change since `previous` are reused.
 */
export function verificationProgram(workspace: Workspace, texts: ReadonlyMap<string, string>, previous?: ts.Program): ts.Program {
  const options = workspace.project.getCompilerOptions();
  const host = ts.createCompilerHost(options, true);
  const read = host.readFile.bind(host);
  const parsed = new Map<string, ts.SourceFile>();
  for (const file of previous?.getSourceFiles() ?? []) parsed.set(file.fileName, file);
  host.readFile = (fileName) => texts.get(resolve(fileName)) ?? read(fileName);
  host.getSourceFile = (fileName, languageVersion) => {
    const text = host.readFile(fileName);
    if (text === undefined) return undefined;
    const known = parsed.get(fileName);
    if (known?.text === text) return known;
    const sourceFile = ts.createSourceFile(fileName, text, languageVersion, true);
    parsed.set(fileName, sourceFile);
    return sourceFile;
  };
  return ts.createProgram({ rootNames: [...texts.keys()], options, host, ...(previous ? { oldProgram: previous } : {}) });
}

/** The analysis context of one file, with the checker in type-aware mode. */
export function analysisContext(workspace: Workspace, program: ts.Program, path: string, options: AnalysisOptions = defaultAnalysisOptions): AnalysisContext {
  const sourceFile = program.getSourceFile(path) ?? workspace.project.getSourceFileOrThrow(path).compilerNode;
  return { ts: analysisTs, sourceFile, checker: workspace.typeAware ? program.getTypeChecker() : undefined, options };
}

function checkTsconfig(path: string): void {
  if (!existsSync(path)) throw new UsageError(`${path}: no such tsconfig. Pass an existing file to --project.`);
  const read = ts.readConfigFile(path, (file) => ts.sys.readFile(file));
  const errors = read.error ? [read.error] : ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(path), undefined, path).errors;
  // "No inputs were found" does not matter: the run brings its own files.
  const fatal = errors.filter((error) => error.code !== 18003);
  const first = fatal[0];
  if (first) {
    const where = first.file && first.start !== undefined ? `:${first.file.getLineAndCharacterOfPosition(first.start).line + 1}` : "";
    throw new UsageError(`${path}${where}: ${ts.flattenDiagnosticMessageText(first.messageText, " ")} Fix the tsconfig or pass another with --project.`);
  }
}
