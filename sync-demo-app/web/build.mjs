// Bundles the pages' scripts, src/app.js (chat) and src/orders.js (orders board), each with
// socket.io-client, and copies the static files into --outdir.
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";

const outArg = process.argv.find((a) => a.startsWith("--outdir="));
const outdir = outArg ? outArg.slice("--outdir=".length) : "dist";
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: ["src/app.js", "src/orders.js"],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: ["es2020"],
  outdir,
});
cpSync("src/index.html", `${outdir}/index.html`);
cpSync("src/orders.html", `${outdir}/orders.html`);
cpSync("src/style.css", `${outdir}/style.css`);
console.log(`web: bundled into ${outdir}`);
