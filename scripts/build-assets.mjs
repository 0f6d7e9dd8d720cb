#!/usr/bin/env node
// Builds the front-end assets into static/build/ (git-ignored), copying only
// what the service serves:
//
//   static/build/main.css               static/scss/main.scss compiled (GOV.UK
//                                       Frontend with a system font stack)
//   static/build/govuk-frontend.min.js  GOV.UK Frontend's ES module
//   static/build/plotly.min.js          plotly.js with only the cartesian trace
//                                       types (npm plotly.js-cartesian-dist-min:
//                                       bar, box, heatmap, scatter and a few
//                                       more; 1.5 MB, 0.5 MB gzipped, against
//                                       4.8 MB for the whole library), at exactly
//                                       $PLOTLY_JS_VERSION: the plotly.js version
//                                       the Python plotly package builds figures
//                                       for, so figures and drawing library match
//   static/build/assets/images/...      only images main.css refers to
//
// Usage (the Makefile's `assets` target does this):
//   PLOTLY_JS_VERSION=$(.venv/bin/python -c "import plotly.offline as o; print(o.get_plotlyjs_version())") \
//     node scripts/build-assets.mjs
//
// The README's "Adding a chart type" says what to do for a trace type the bundle lacks.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = path.join(root, "static", "build");
const scssEntry = path.join(root, "static", "scss", "main.scss");

function fail(message) {
  console.error(`build-assets: ${message}`);
  process.exit(1);
}

function packageDir(name) {
  const dir = path.join(root, "node_modules", name);
  if (!fs.existsSync(path.join(dir, "package.json"))) {
    fail(`the npm package "${name}" is not installed: run "npm ci" (or "make assets") first.`);
  }
  return dir;
}

function mustExist(file, what) {
  if (!fs.existsSync(file)) {
    fail(`${what} is missing: ${file}`);
  }
  return file;
}

// --- inputs -----------------------------------------------------------------

const plotlyVersion = process.env.PLOTLY_JS_VERSION;
if (!plotlyVersion) {
  fail(
    "PLOTLY_JS_VERSION is not set. Give the plotly.js version the Python plotly package " +
      "builds figures for, e.g.\n" +
      '  PLOTLY_JS_VERSION=$(.venv/bin/python -c "import plotly.offline as o; ' +
      'print(o.get_plotlyjs_version())") node scripts/build-assets.mjs',
  );
}
const plotlyDir = packageDir("plotly.js-cartesian-dist-min");
const plotlySource = mustExist(
  path.join(plotlyDir, "plotly-cartesian.min.js"),
  "plotly.js's cartesian bundle",
);
const bundledVersion = JSON.parse(
  fs.readFileSync(path.join(plotlyDir, "package.json"), "utf8"),
).version;
if (bundledVersion !== plotlyVersion) {
  fail(
    `npm plotly.js-cartesian-dist-min is ${bundledVersion}, but the Python plotly package ` +
      `builds figures for plotly.js ${plotlyVersion}: set "plotly.js-cartesian-dist-min": ` +
      `"${plotlyVersion}" in package.json's devDependencies and run "npm install".`,
  );
}
mustExist(scssEntry, "The Sass entry point");

const govukDir = packageDir("govuk-frontend");
const govukJs = mustExist(
  path.join(govukDir, "dist", "govuk", "govuk-frontend.min.js"),
  "GOV.UK Frontend's JavaScript",
);
const govukAssets = path.join(govukDir, "dist", "govuk", "assets");
packageDir("sass");
const sass = await import("sass");

// --- build into a fresh directory, then swap it in ---------------------------

const started = Date.now();
const staging = `${buildDir}.tmp-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
fs.mkdirSync(staging, { recursive: true });

let css;
try {
  const result = sass.compile(scssEntry, {
    style: "compressed",
    loadPaths: [path.dirname(scssEntry)],
    importers: [new sass.NodePackageImporter(root)],
    // GOV.UK Frontend's own deprecation notices are not ours to fix.
    quietDeps: true,
  });
  css = result.css;
} catch (error) {
  fs.rmSync(staging, { recursive: true, force: true });
  fail(`Sass could not compile static/scss/main.scss:\n${error.message}`);
}

if (/GDS Transport/i.test(css)) {
  fail('the compiled CSS mentions "GDS Transport": this service must use the system font stack.');
}
if (/govuk-crest|govuk-crown/i.test(css)) {
  fail("the compiled CSS refers to the GOV.UK crown or crest, which this service must not show.");
}

// Copy exactly the images main.css refers to, and fail on any that do not exist.
const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]);
for (const url of urls) {
  if (url.startsWith("data:") || url.startsWith("#")) continue;
  if (/^[a-z]+:|^\//i.test(url)) {
    fail(`main.css refers to "${url}": use a path relative to static/build/, not an absolute URL.`);
  }
  const relative = url.replace(/^assets\//, "");
  if (relative === url) {
    fail(`main.css refers to "${url}", outside static/build/assets/.`);
  }
  const source = mustExist(path.join(govukAssets, relative), `"${url}" (referred to by main.css)`);
  const target = path.join(staging, url);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
}

fs.writeFileSync(path.join(staging, "main.css"), css);

// The source map is not shipped: drop the comment pointing at it, so browsers
// do not ask for it and the manifest storage does not look for it.
const js = fs
  .readFileSync(govukJs, "utf8")
  .replace(/\/\/# sourceMappingURL=\S+\s*$/, "")
  .trimEnd();
fs.writeFileSync(path.join(staging, "govuk-frontend.min.js"), `${js}\n`);

const plotly = fs.readFileSync(plotlySource, "utf8");
if (!plotly.includes(`v${plotlyVersion}`) || !plotly.includes("Plotly")) {
  fail(`${plotlySource} does not look like plotly.js ${plotlyVersion}`);
}
fs.writeFileSync(
  path.join(staging, "plotly.min.js"),
  plotly.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"),
);

fs.rmSync(buildDir, { recursive: true, force: true });
fs.renameSync(staging, buildDir);

const files = fs
  .readdirSync(buildDir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(buildDir, path.join(entry.parentPath ?? entry.path, entry.name)))
  .sort();
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`build-assets: built ${files.join(", ")} into static/build/ in ${seconds} s`);
