// Validates rendered Kubernetes manifests without a cluster. Every object must be a kind the Kubernetes API schemas
// of the kubernetes-models package know, and valid against its schema (types, required fields, enums, formats);
// the project's own deployment rules are checked on top. Prints each problem and exits 1 when there is any.
//   node validate.mjs <rendered.yaml> ...
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";
import { checkRules } from "./rules.mjs";
import { checkStrict, typescriptVersion } from "./strict.mjs";
import { createRequire } from "node:module";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs <rendered.yaml> ...");
  process.exit(2);
}

const problems = [];
let checked = 0;
for (const file of files) {
  const objects = [];
  for (const document of parseAllDocuments(await readFile(file, "utf8"))) {
    if (document.errors.length > 0) {
      problems.push(`${file}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }

    const object = document.toJS();
    if (object !== null) {
      objects.push(object);
    }
  }

  for (const object of objects) {
    const where = `${file}: ${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    const model = await modelOf(object);
    if (typeof model === "string") {
      problems.push(`${where}: ${model}`);
      continue;
    }

    try {
      new model(object).validate();
    } catch (error) {
      problems.push(`${where}: schema: ${error.message}`);
    }

    checked++;
  }

  problems.push(...(await checkStrict(file, objects)));
  problems.push(...checkRules(objects).map((p) => `${file}: ${p}`));
}

for (const problem of problems) {
  console.error(`invalid: ${problem}`);
}

const modelsVersion = createRequire(import.meta.url)("kubernetes-models/package.json").version;
console.log(`manifests: ${checked} objects in ${files.length} file(s) checked against kubernetes-models ${modelsVersion} ` +
  `(schemas; TypeScript ${typescriptVersion} for unknown fields), ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);

/** The kubernetes-models class for an object's apiVersion and kind, or why there is none. */
async function modelOf(object) {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    return "no apiVersion or kind";
  }

  const path = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  try {
    const module = await import(path);
    return module[object.kind] ?? `no schema for ${object.apiVersion} ${object.kind}`;
  } catch {
    return `unknown apiVersion/kind ${object.apiVersion} ${object.kind} (no schema in kubernetes-models)`;
  }
}
