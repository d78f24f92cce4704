// The corpus must type-check: the type-aware runs read its types, and code with type errors would
// score the rules against `any`s instead of the promises the labels are about.
import ts from "typescript";

/** Type errors in files under `dir`, as `file:line: message`; errors elsewhere (e.g. the runtime) are not the corpus's. */
export function corpusTypeErrors(tsconfigPath: string, dir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(tsconfigPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(`${tsconfigPath}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
    },
  });
  if (config === undefined) throw new Error(`${tsconfigPath}: cannot be read`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  return ts.getPreEmitDiagnostics(program).flatMap((diagnostic) => {
    const file = diagnostic.file;
    if (file === undefined || !file.fileName.startsWith(dir)) return [];
    const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return [`${file.fileName}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`];
  });
}
