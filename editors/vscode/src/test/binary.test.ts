// The order in which the extension looks for sfcheck, on a made-up machine.
import assert from "node:assert/strict";
import { test } from "node:test";

import { findBinary, type Search } from "../binary";

function machine(executables: string[], overrides: Partial<Search> = {}): Search {
  const files = new Set(executables);
  return {
    setting: "",
    folders: ["/ws/app", "/ws/other"],
    trusted: true,
    envPath: "/usr/local/bin:/usr/bin",
    home: "/home/dev",
    platform: "linux",
    isExecutable: (file) => files.has(file),
    ...overrides,
  };
}

test("the setting wins over the workspace and PATH", () => {
  const found = findBinary(
    machine(["/opt/sfcheck", "/ws/app/node_modules/.bin/sfcheck", "/usr/bin/sfcheck"], {
      setting: "/opt/sfcheck",
    }),
  );
  assert.deepEqual(found, { ok: true, command: "/opt/sfcheck", source: "setting" });
});

test("a setting that names no executable is an error, not a fall-back", () => {
  const found = findBinary(machine(["/usr/bin/sfcheck"], { setting: "/opt/nothing" }));
  assert.deepEqual(found, {
    ok: false,
    message:
      "sfcheck: the setting sfcheck.path names /opt/nothing, which is not an executable file. Correct the setting, or clear it to use the npm package's or PATH's sfcheck.",
  });
});

test("the setting expands ${workspaceFolder}, ~ and a relative path", () => {
  const run = (setting: string, file: string) =>
    findBinary(machine([file], { setting })).ok ? file : "not found";
  assert.equal(run("${workspaceFolder}/bin/sfcheck", "/ws/app/bin/sfcheck"), "/ws/app/bin/sfcheck");
  assert.equal(run("~/bin/sfcheck", "/home/dev/bin/sfcheck"), "/home/dev/bin/sfcheck");
  assert.equal(run("target/release/sfcheck", "/ws/app/target/release/sfcheck"), "/ws/app/target/release/sfcheck");
  assert.equal(run("  /opt/sfcheck  ", "/opt/sfcheck"), "/opt/sfcheck");
});

test("a relative setting needs a trusted workspace folder", () => {
  const setting = "target/release/sfcheck";
  const file = ["/ws/app/target/release/sfcheck"];
  assert.deepEqual(findBinary(machine(file, { setting, trusted: false })), {
    ok: false,
    message:
      "sfcheck: the setting sfcheck.path names target/release/sfcheck, a relative path, and it is taken from the workspace folder once you trust the workspace.",
  });
  assert.deepEqual(findBinary(machine(file, { setting, folders: [] })), {
    ok: false,
    message:
      "sfcheck: the setting sfcheck.path names target/release/sfcheck, a relative path, and no workspace folder is open to take it from.",
  });
});

test("the npm package's binary in a workspace folder comes before PATH, first folder first", () => {
  const found = findBinary(
    machine(["/ws/other/node_modules/.bin/sfcheck", "/ws/app/node_modules/.bin/sfcheck", "/usr/bin/sfcheck"]),
  );
  assert.deepEqual(found, { ok: true, command: "/ws/app/node_modules/.bin/sfcheck", source: "workspace" });
  const second = findBinary(machine(["/ws/other/node_modules/.bin/sfcheck", "/usr/bin/sfcheck"]));
  assert.deepEqual(second, { ok: true, command: "/ws/other/node_modules/.bin/sfcheck", source: "workspace" });
});

test("an untrusted workspace's node_modules are not run", () => {
  const found = findBinary(
    machine(["/ws/app/node_modules/.bin/sfcheck", "/usr/bin/sfcheck"], { trusted: false }),
  );
  assert.deepEqual(found, { ok: true, command: "/usr/bin/sfcheck", source: "PATH" });
});

test("PATH is searched in order, and its empty and relative entries are skipped", () => {
  const found = findBinary(
    machine(["sfcheck", "bin/sfcheck", "/usr/local/bin/sfcheck", "/usr/bin/sfcheck"], {
      envPath: ":.:bin:/usr/local/bin:/usr/bin",
    }),
  );
  assert.deepEqual(found, { ok: true, command: "/usr/local/bin/sfcheck", source: "PATH" });
});

test("on Windows: npm's .cmd launcher, then sfcheck.exe on PATH", () => {
  const win = { platform: "win32" as const, folders: ["C:\\ws"], envPath: "C:\\tools;relative" };
  assert.deepEqual(findBinary(machine(["C:\\ws\\node_modules\\.bin\\sfcheck.cmd"], win)), {
    ok: true,
    command: "C:\\ws\\node_modules\\.bin\\sfcheck.cmd",
    source: "workspace",
  });
  assert.deepEqual(findBinary(machine(["C:\\tools\\sfcheck.exe", "relative\\sfcheck.exe"], win)), {
    ok: true,
    command: "C:\\tools\\sfcheck.exe",
    source: "PATH",
  });
});

test("none found: the message says where it looked and what to do", () => {
  assert.deepEqual(findBinary(machine([])), {
    ok: false,
    message:
      "sfcheck: no sfcheck binary found: sfcheck.path is not set, no node_modules/.bin/sfcheck in the workspace folders (npm install --save-dev sfcheck), and no sfcheck on PATH. Install sfcheck, or set sfcheck.path to the binary.",
  });
  assert.deepEqual(findBinary(machine([], { trusted: false })), {
    ok: false,
    message:
      "sfcheck: no sfcheck binary found: sfcheck.path is not set, the workspace's node_modules are not used until you trust the workspace, and no sfcheck on PATH. Install sfcheck, or set sfcheck.path to the binary.",
  });
});
