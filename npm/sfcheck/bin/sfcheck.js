#!/usr/bin/env node
// Runs the sfcheck binary from the platform package that npm installed beside this one:
// each platform package is an optional dependency whose `os`, `cpu` (and `libc`) fields
// let npm install only the one that fits. Nothing is downloaded at install or run time.
"use strict";

const { spawnSync } = require("node:child_process");

const { platform, arch } = process;

// glibc's runtime version is in Node's process report; on musl (Alpine) it is absent.
function isMusl() {
  if (platform !== "linux") return false;
  const header = process.report?.getReport?.().header;
  return !header?.glibcVersionRuntime;
}

const pkg = `@sfcheck/cli-${platform}-${arch}${isMusl() ? "-musl" : ""}`;
const exe = platform === "win32" ? "sfcheck.exe" : "sfcheck";

let binary;
try {
  binary = require.resolve(`${pkg}/${exe}`);
} catch {
  console.error(
    `sfcheck: the package ${pkg} is not installed.\n` +
      "npm installs it as an optional dependency of sfcheck: reinstall without " +
      "--omit=optional / --no-optional. If there is no prebuilt binary for " +
      `${platform}-${arch}, build sfcheck from source (see its README).`,
  );
  process.exit(3);
}

const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  console.error(`sfcheck: cannot run ${binary}: ${result.error.message}`);
  process.exit(3);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 3);
