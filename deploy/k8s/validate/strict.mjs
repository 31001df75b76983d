// Unknown fields. The API schemas allow any extra field, and a typo such as `initialDelaySecond` would silently do
// nothing; kubernetes-models also ships the schemas as TypeScript interfaces, and TypeScript refuses an object
// literal with a property its type lacks. Each object becomes one typed constant in a generated file checked by
// the TypeScript compiler (no output is written); every error names the object and the field.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));

export async function checkStrict(file, objects) {
  const typed = objects.filter((o) => typeof o.apiVersion === "string" && typeof o.kind === "string");
  const lines = typed.map((o, i) =>
    `export const object${i}: import("kubernetes-models/${o.apiVersion}/${o.kind}").I${o.kind} = ${JSON.stringify(o)};`);
  // The generated file sits beside node_modules so the package resolves as it does for validate.mjs.
  const directory = await mkdtemp(join(here, ".strict-"));
  const source = join(directory, "objects.ts");
  try {
    await writeFile(source, lines.join("\n") + "\n");
    const program = ts.createProgram([source], {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      const object = typed[line];
      const where = object ? `${object.kind}/${object.metadata?.name ?? "?"}` : "?";
      return `${file}: ${where}: field: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

export const typescriptVersion = createRequire(import.meta.url)("typescript/package.json").version;
