// Run axe-core in headless Chromium on briefgen's HTML outputs; exit 1 on any violation.
//
// Not part of `make test` (a browser is too heavy for CI): run it by hand, see
// docs/conformance.md ("What the outputs conform to"). Needs Debian's chromium and, in a scratch folder outside
// the repository, npm's axe-core and puppeteer-core:
//
//   apt-get install -y chromium
//   mkdir -p /tmp/axe && cd /tmp/axe && npm init -y && PUPPETEER_SKIP_DOWNLOAD=1 npm install axe-core puppeteer-core
//   AXE_DIR=/tmp/axe node scripts/axe-check.mjs build/*/*.html
//
// Each page is checked at two widths, twice each, and the violations merged: with axe's default rules, and with
// every rule tagged WCAG 2.0/2.1 A or AA or best-practice.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: AXE_DIR=/tmp/axe node scripts/axe-check.mjs FILE.html ...");
  process.exit(2);
}
const scratch = path.resolve(process.env.AXE_DIR ?? "/tmp/axe");
const require = createRequire(path.join(scratch, "package.json"));
const puppeteer = require("puppeteer-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
// A desktop window and a phone: a table that overflows only on a phone must scroll by keyboard.
const WIDTHS = [1280, 375];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const profile = mkdtempSync(path.join(tmpdir(), "axe-chromium-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`,
  ],
});
let failed = 0;
try {
  for (const [file, width] of files.flatMap((f) => WIDTHS.map((w) => [f, w]))) {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const [byDefault, byTag] = await page.evaluate(async (tags) => [
      await window.axe.run(document),
      await window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    ], TAGS);
    const violations = new Map();
    for (const v of [...byDefault.violations, ...byTag.violations]) violations.set(v.id, v);
    const review = new Set([...byDefault.incomplete, ...byTag.incomplete].map((v) => v.id));
    const version = byDefault.testEngine.version;
    console.log(`${file} at ${width} px: axe-core ${version}, ${violations.size} violation(s)` +
      (review.size ? `; to review by hand: ${[...review].join(", ")}` : ""));
    for (const v of violations.values()) {
      failed += 1;
      console.log(`  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))`);
      for (const node of v.nodes.slice(0, 5)) {
        console.log(`    ${node.target.join(" ")}: ${node.failureSummary.replace(/\s+/g, " ")}`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
