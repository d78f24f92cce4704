// Prints the pattern corpus score per file and mode (found / required, false positives), so a change
// to the analysis can be compared class by class: `npx tsx test/tools/score-corpus.ts [file-substring…]`.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseLabels } from "../rules/patterns/labels.js";
import { corpusFiles, lintCorpus, modes, repoRoot } from "../rules/patterns/lint-corpus.js";
import { score } from "../rules/patterns/score.js";

const filters = process.argv.slice(2);
const files = corpusFiles().filter((path) => filters.length === 0 || filters.some((filter) => path.includes(filter)));
const labels = files.flatMap((path) => parseLabels(relative(repoRoot, path), readFileSync(path, "utf8")));
const rows = new Map<string, string[]>();
for (const mode of modes) {
  const result = score(mode, labels, (await lintCorpus(mode, files)).reports);
  for (const path of files) {
    const file = relative(repoRoot, path);
    const required = labels.filter((l) => l.file === file).flatMap((l) => l.expectations.filter((e) => mode.required.has(e.requirement))).length;
    const missed = result.misses.filter((m) => m.where.startsWith(`${file}:`)).length;
    const wrong = result.falsePositives.filter((m) => m.where.startsWith(`${file}:`));
    rows.set(file, [...(rows.get(file) ?? []), `${required - missed}/${required} fp ${wrong.length}`]);
    for (const fp of wrong) console.error(`${mode.name} false positive ${fp.where} ${fp.rule}: ${fp.detail}`);
    for (const miss of result.misses.filter((m) => m.where.startsWith(`${file}:`))) console.error(`${mode.name} miss ${miss.where} ${miss.rule}`);
  }
}
console.log(`file | ${modes.map((mode) => mode.name).join(" | ")}`);
for (const [file, cells] of rows) console.log(`${file} | ${cells.join(" | ")}`);
