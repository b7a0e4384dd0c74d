// Bundles the pages' scripts, src/app.js (chat) and src/orders.js (orders board), each with
// socket.io-client, writes the pages (src/pages/shell.html around each page's content) and copies
// the stylesheet into --outdir.
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

/** The pages: the file written, its title, its script, and the file of its content in src/pages/. */
const PAGES = [
  { file: "index.html", title: "syncio chat", script: "app.js", content: "chat.html" },
  { file: "orders.html", title: "syncio orders", script: "orders.js", content: "orders.html" },
];

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

/** A source file without its leading comment (which explains the file, not the page). */
const source = (name) => readFileSync(`src/pages/${name}`, "utf8").replace(/<!--[\s\S]*?-->\n/, "");

const shell = source("shell.html");
for (const page of PAGES) {
  const link = `<a href="${page.file}" class="page-link"`;
  if (!shell.includes(link)) throw new Error(`pages/shell.html has no link to ${page.file}`);
  const html = shell
    .replaceAll("{{title}}", page.title)
    .replace("{{script}}", page.script)
    .replace(link, `${link} aria-current="page"`)
    .replace("{{content}}", () => source(page.content).trimEnd());
  writeFileSync(`${outdir}/${page.file}`, html);
}
cpSync("src/style.css", `${outdir}/style.css`);
console.log(`web: bundled into ${outdir}`);
