// Opens every page of a built Papers site (the output/ folder given as the argument) in
// Chromium, at 1280 and 320 CSS pixels, and audits it with axe-core against WCAG 2.2 AA.
// Fails on any violation, on sideways scrolling at 320 pixels, and on a page without
// lang="en-GB", without exactly one h1 and one main landmark, or with a script (a JSON-LD
// data block is not one).
// Chromium is /usr/bin/chromium unless CHROMIUM names another; nothing is downloaded.
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const WIDTHS = [1280, 320];

const root = process.argv[2];
if (!root) {
  console.error("usage: node check.mjs OUTPUT_DIR");
  process.exit(2);
}

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

const files = pages(root).sort();
if (files.length === 0) {
  console.error(`no pages under ${root}`);
  process.exit(1);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
});
const problems = [];
let audits = 0;
try {
  const page = await browser.newPage();
  for (const file of files) {
    const name = relative(root, file);
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 900 });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      const facts = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelectorAll("h1").length,
        main: document.querySelectorAll("main").length,
        // JSON-LD is data, not a script that runs.
        scripts: document.querySelectorAll('script:not([type="application/ld+json"])').length,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      if (facts.lang !== "en-GB") problems.push(`${name} @${width}: lang is "${facts.lang}"`);
      if (facts.h1 !== 1) problems.push(`${name} @${width}: ${facts.h1} h1 elements`);
      if (facts.main !== 1) problems.push(`${name} @${width}: ${facts.main} main elements`);
      if (facts.scripts !== 0) problems.push(`${name} @${width}: ${facts.scripts} script elements`);
      if (width === 320 && facts.scrollWidth > facts.innerWidth) {
        problems.push(`${name} @320: scrolls sideways (${facts.scrollWidth}px wide)`);
      }
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(
        (tags) => axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        TAGS,
      );
      audits += 1;
      for (const v of result.violations) {
        for (const node of v.nodes) {
          problems.push(`${name} @${width}: ${v.id} (${v.impact}): ${v.help} at ${node.target.join(" ")}`);
        }
      }
    }
  }
} finally {
  await browser.close();
}

for (const p of problems) console.log(p);
console.log(`${files.length} pages, ${audits} axe audits (${TAGS.join(", ")}), ${problems.length} violations`);
process.exit(problems.length === 0 ? 0 : 1);
