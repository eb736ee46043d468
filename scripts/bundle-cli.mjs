#!/usr/bin/env node
/**
 * Bundles the `baton` command for a quicker start: dist/cli/main.bundle.js (the entry, which
 * registers the commands) and dist/cli/run-command.bundle.js (`baton run`, with everything it
 * imports), each one file. bin/baton.js runs them instead of dist/cli/main.js when they are not
 * older than it. `npm run build` runs this after `tsc` (it reads dist/): Node 20 loads ES modules one file at a time (resolve,
 * read, compile, link), and `baton run` imports about 310 of them. Measured on 2 loaded cores
 * (medians of 20 alternating runs): a one-pod `baton run` 0.54 s unbundled, 0.32 s bundled.
 *
 * The bundles change nothing else:
 * - The entry stays small (`baton --version`, `baton queue …`), and every dynamic import other than
 *   `baton run`'s (the other commands' modules, the queue backends) is left out and points at its
 *   file in dist/, loaded only when used, as without the bundles.
 * - `import.meta.url` in a bundled module is still its own file's URL (spawner paths, the `baton`
 *   shim, better-sqlite3's worker): the bundles live in the package's dist/cli/.
 * - Packages with native code or files of their own (better-sqlite3, tsx) and the lazily loaded
 *   ones (log-update, redis) stay external, required from node_modules as before.
 *
 * Each is written beside its target and renamed into place, as the native spawner is: a `baton`
 * starting meanwhile never reads half a file.
 */
import { renameSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = new URL("..", import.meta.url);
const cli = fileURLToPath(new URL("dist/cli/", root));
const entries = { main: `${cli}main.js`, "run-command": `${cli}run-command.js` };
const bundleOf = (name) => `${cli}${name}.bundle.js`;
const scratch = (name) => `${bundleOf(name)}.${process.pid}.tmp`;

/** A path as an import specifier relative to dist/cli/, where the bundles are. */
const fromBundle = (path) => {
  const rel = relative(cli, path).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
};

const keepLayout = {
  name: "keep-layout",
  setup(b) {
    // Dynamic imports stay dynamic: of `baton run`'s module, its bundle; of any other, its file in dist/.
    b.onResolve({ filter: /^\./, namespace: "file" }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      const path = fileURLToPath(new URL(args.path, pathToFileURL(args.importer)));
      const entry = Object.keys(entries).find((name) => entries[name] === path);
      return { path: entry === undefined ? fromBundle(path) : `./${entry}.bundle.js`, external: true };
    });
    b.onLoad({ filter: /\.m?js$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const own = `new URL(${JSON.stringify(fromBundle(args.path))}, import.meta.url).href`;
      return { contents: text.replaceAll("import.meta.url", own), loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

try {
  await build({
    entryPoints: Object.entries(entries).map(([name, path]) => ({ in: path, out: `${name}.bundle.js.${process.pid}` })),
    outdir: cli,
    outExtension: { ".js": ".tmp" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["better-sqlite3", "tsx", "log-update", "redis"],
    // Names as written (error messages and stack traces), not renamed apart.
    keepNames: true,
    // CommonJS packages (commander, yaml) require Node's built-ins.
    banner: { js: 'import { createRequire as __batonCreateRequire } from "node:module"; const require = __batonCreateRequire(import.meta.url);' },
    plugins: [keepLayout],
    logLevel: "warning",
  });
  // The entry last: bin/baton.js goes by its age.
  for (const name of ["run-command", "main"]) renameSync(scratch(name), bundleOf(name));
  console.log(`cli bundled: ${Object.keys(entries).map(bundleOf).join(", ")}`);
} catch (error) {
  for (const name of Object.keys(entries)) rmSync(scratch(name), { force: true });
  // Optional, as the native spawner is: without it, bin/baton.js runs dist/cli/main.js.
  console.warn(`cli not bundled (${error.message.split("\n")[0]}); baton runs the unbundled dist/cli/main.js`);
}
