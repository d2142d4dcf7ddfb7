// Fails when a value of values.yaml is missing from the chart README's tables, so the README lists every value.
// usage: node check-values-documented.mjs --modules DIR values.yaml README.md
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const [, , flag, modules, valuesFile, readmeFile] = process.argv;
if (flag !== "--modules" || !readmeFile) {
  console.error("usage: node check-values-documented.mjs --modules DIR values.yaml README.md");
  process.exit(2);
}
const YAML = createRequire(resolve(modules, "noop.js"))("yaml");
const values = YAML.parse(readFileSync(valuesFile, "utf8"));
const lines = readFileSync(readmeFile, "utf8").split("\n").filter((l) => l.startsWith("|"));

// Documented as a whole: Kubernetes objects, and third-party images ({registry, repository, tag, pullPolicy}).
const wholes = new Set(["resources", "podSecurityContext", "containerSecurityContext"]);
const isWhole = (key, value, full) => wholes.has(key) || (key === "image" && full.includes(".") && "tag" in value);
const leaves = [];
(function walk(node, path) {
  for (const [key, value] of Object.entries(node)) {
    const full = path ? `${path}.${key}` : key;
    const isMap = value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0;
    if (isMap && !isWhole(key, value, full)) walk(value, full);
    else leaves.push(full);
  }
})(values, "");

// "`a.b.c`" documents a.b.c; "`a.b.c` / `d`" on one line documents a.b.d as well.
const missing = leaves.filter((path) => {
  const dot = path.lastIndexOf(".");
  const parent = path.slice(0, dot);
  const key = path.slice(dot + 1);
  return !lines.some((l) => l.includes(`\`${path}\``) || (dot > 0 && l.includes(`\`${parent}.`) && l.includes(`\`${key}\``)));
});
if (missing.length > 0) {
  console.error(`${readmeFile} does not document: ${missing.join(", ")}`);
  process.exit(1);
}
console.log(`${leaves.length} values documented`);
