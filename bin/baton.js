#!/usr/bin/env node
// The bundle (scripts/bundle-cli.mjs, part of `npm run build`) starts faster. It is run only when
// it is not older than the compiled dist/cli/main.js (a packed package gives both one time), so a
// `tsc` build that was not bundled again never runs stale code.
import { statSync } from "node:fs";

const modified = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const fresh = modified("../dist/cli/main.bundle.js") >= modified("../dist/cli/main.js");
await import(fresh ? "../dist/cli/main.bundle.js" : "../dist/cli/main.js");
