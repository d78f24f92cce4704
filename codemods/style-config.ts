// The project's formatter settings for a file, so rewritten lines match what its formatter would
// write: the nearest Prettier config (its options, with Prettier's defaults for the ones it leaves
// out), else EditorConfig's `max_line_length` and indentation, else nothing (the file decides).
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { StyleOverrides } from "eslint-plugin-taskguard/analysis";

const prettierFiles = [".prettierrc", ".prettierrc.json", ".prettierrc.json5", ".prettierrc.yaml", ".prettierrc.yml", ".prettierrc.toml"];
const prettierScripts = [".prettierrc.js", ".prettierrc.cjs", ".prettierrc.mjs", "prettier.config.js", "prettier.config.cjs", "prettier.config.mjs", "prettier.config.ts"];
/** Prettier 3's defaults: a config that omits an option means this value. */
const prettierDefaults = { printWidth: 80, tabWidth: 2, useTabs: false, semi: true, singleQuote: false, trailingComma: "all", bracketSpacing: true, arrowParens: "always" };

type PrettierOptions = Partial<typeof prettierDefaults>;

const byFolder = new Map<string, StyleOverrides>();

/** The formatter settings that apply to `path`, read once per folder. */
export function projectStyle(path: string): StyleOverrides {
  const folder = dirname(path);
  let style = byFolder.get(folder);
  if (!style) {
    const prettier = findPrettier(folder);
    style = prettier ? fromPrettier({ ...prettierDefaults, ...prettier }) : fromEditorConfig(path);
    byFolder.set(folder, style);
  }
  return style;
}

function fromPrettier(options: typeof prettierDefaults): StyleOverrides {
  return {
    printWidth: options.printWidth,
    quote: options.singleQuote ? "'" : '"',
    semicolons: options.semi,
    indentUnit: options.useTabs ? "\t" : " ".repeat(options.tabWidth),
    arrowParens: options.arrowParens === "avoid" ? "avoid" : "always",
    bracketSpacing: options.bracketSpacing,
    trailingCommas: options.trailingComma !== "none",
    layout: "prettier",
  };
}

/** The nearest Prettier config's options, or undefined when no folder up to the root has one. */
function findPrettier(from: string): PrettierOptions | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    for (const name of prettierFiles) {
      const file = join(dir, name);
      if (existsSync(file)) return parseConfig(readFileSync(file, "utf8"));
    }
    for (const name of prettierScripts) {
      const file = join(dir, name);
      // A script config is not run: its literal `key: value` pairs are read, the rest are defaults.
      if (existsSync(file)) return parseConfig(readFileSync(file, "utf8"));
    }
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const options = readJson(readFileSync(manifest, "utf8"))?.["prettier"];
      if (options && typeof options === "object") return options;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** JSON, or `key: value` / `key = value` lines (YAML, TOML, a literal object in a script). */
function parseConfig(text: string): PrettierOptions {
  const json = readJson(text);
  if (json) return json;
  const options: Record<string, unknown> = {};
  for (const match of text.matchAll(/["']?(\w+)["']?\s*[:=]\s*(["'][^"'\n]*["']|[\w-]+)/g)) {
    const [, key, raw] = match;
    if (!key || raw === undefined || !(key in prettierDefaults)) continue;
    const unquoted = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
    options[key] = raw === "true" ? true : raw === "false" ? false : /^\d+$/.test(raw) ? Number(raw) : unquoted;
  }
  return options;
}

function readJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `max_line_length`, `indent_style` and `indent_size` of the sections that match a TypeScript file, nearest file last. */
function fromEditorConfig(path: string): StyleOverrides {
  const files: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const file = join(dir, ".editorconfig");
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8");
      files.unshift(text);
      if (/^\s*root\s*=\s*true\s*$/im.test(text)) break;
    }
    if (dirname(dir) === dir) break;
  }
  const settings: Record<string, string> = {};
  const name = basename(path);
  for (const text of files) {
    let applies = false;
    for (const line of text.split(/\r?\n/)) {
      const section = /^\s*\[(.*)\]\s*$/.exec(line);
      if (section) {
        applies = sectionMatches(section[1] ?? "", name);
        continue;
      }
      const pair = /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (applies && pair?.[1] && pair[2] !== undefined) settings[pair[1].toLowerCase()] = pair[2].toLowerCase();
    }
  }
  const style: { -readonly [K in keyof StyleOverrides]: StyleOverrides[K] } = {};
  const width = Number(settings["max_line_length"]);
  if (Number.isInteger(width) && width > 0) style.printWidth = width;
  if (settings["indent_style"] === "tab") style.indentUnit = "\t";
  const size = Number(settings["indent_size"]);
  if (settings["indent_style"] === "space" && Number.isInteger(size) && size > 0) style.indentUnit = " ".repeat(size);
  return style;
}

/** `*`, `*.ts`, `*.{js,ts}`, `**.ts`, `[*.{ts,tsx}]`: the globs EditorConfig files use for sources. */
function sectionMatches(glob: string, name: string): boolean {
  const pattern = glob
    .replace(/^\*\*\//, "")
    .replace(/[.+^$()|\\]/g, "\\$&")
    .replace(/\{([^}]*)\}/g, (_, list: string) => `(${list.split(",").join("|")})`)
    .replace(/\*\*?/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${pattern}$`).test(name);
}
