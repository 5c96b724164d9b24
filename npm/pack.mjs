#!/usr/bin/env node
// Makes the npm packages from prebuilt binaries: one package per platform (the binary,
// with `os`/`cpu`/`libc` so that npm installs only the one that fits) and the main
// `sfcheck` package (the launcher, with every platform package as an optional
// dependency). The version is Cargo.toml's; nothing here is edited by hand at release.
//
//   node npm/pack.mjs --binaries DIR --out DIR
//
// DIR of binaries holds <rust target>/sfcheck[.exe]; a platform without one is skipped,
// but the main package always names every platform. Prints the tarballs it wrote.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** Each npm platform package, and the Rust target whose binary it carries. */
const PLATFORMS = [
  { target: "x86_64-unknown-linux-gnu", os: "linux", cpu: "x64", libc: "glibc", label: "Linux x64 (glibc)" },
  { target: "aarch64-unknown-linux-gnu", os: "linux", cpu: "arm64", libc: "glibc", label: "Linux arm64 (glibc)" },
  { target: "x86_64-unknown-linux-musl", os: "linux", cpu: "x64", libc: "musl", label: "Linux x64 (musl, static)" },
  { target: "x86_64-apple-darwin", os: "darwin", cpu: "x64", label: "macOS x64" },
  { target: "aarch64-apple-darwin", os: "darwin", cpu: "arm64", label: "macOS arm64" },
  { target: "x86_64-pc-windows-msvc", os: "win32", cpu: "x64", label: "Windows x64" },
];

/** The npm name of a platform package; the launcher builds the same name at run time. */
function packageName({ os, cpu, libc }) {
  return `@sfcheck/cli-${os}-${cpu}${libc === "musl" ? "-musl" : ""}`;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const { values } = parseArgs({
  options: { binaries: { type: "string" }, out: { type: "string" } },
});
if (!values.binaries || !values.out) {
  console.error("usage: node npm/pack.mjs --binaries DIR --out DIR");
  process.exit(2);
}
const binaries = resolve(values.binaries);
const out = resolve(values.out);

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const version = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
if (!version) {
  console.error("npm/pack.mjs: no [package] version in Cargo.toml");
  process.exit(2);
}
const main = JSON.parse(readFileSync(join(here, "sfcheck", "package.json"), "utf8"));
// In the release workflow, name the repository: `npm publish --provenance` checks it.
const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo } = process.env;
const repository = server && repo ? { repository: { type: "git", url: `git+${server}/${repo}.git` } } : {};
Object.assign(main, repository);

mkdirSync(out, { recursive: true });
const stage = mkdtempSync(join(tmpdir(), "sfcheck-npm-"));
process.on("exit", () => rmSync(stage, { recursive: true, force: true }));

function pack(dir) {
  const json = execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: dir, encoding: "utf8" });
  const file = join(out, JSON.parse(json)[0].filename);
  console.log(file);
}

let packed = 0;
for (const platform of PLATFORMS) {
  const exe = platform.os === "win32" ? "sfcheck.exe" : "sfcheck";
  const binary = join(binaries, platform.target, exe);
  if (!existsSync(binary)) continue;
  const dir = join(stage, platform.target);
  mkdirSync(dir);
  copyFileSync(binary, join(dir, exe));
  chmodSync(join(dir, exe), 0o755);
  const manifest = {
    name: packageName(platform),
    version,
    description: `The sfcheck binary for ${platform.label}. Install \`sfcheck\`, which picks this package.`,
    license: main.license,
    ...repository,
    os: [platform.os],
    cpu: [platform.cpu],
    ...(platform.libc ? { libc: [platform.libc] } : {}),
    files: [exe],
    preferUnplugged: true,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  pack(dir);
  packed += 1;
}
if (packed === 0) {
  console.error(`npm/pack.mjs: no binary under ${binaries}/<target>/`);
  process.exit(2);
}

const dir = join(stage, "sfcheck");
mkdirSync(join(dir, "bin"), { recursive: true });
copyFileSync(join(here, "sfcheck", "bin", "sfcheck.js"), join(dir, "bin", "sfcheck.js"));
chmodSync(join(dir, "bin", "sfcheck.js"), 0o755);
copyFileSync(join(here, "sfcheck", "README.md"), join(dir, "README.md"));
main.version = version;
main.optionalDependencies = Object.fromEntries(PLATFORMS.map((p) => [packageName(p), version]));
writeFileSync(join(dir, "package.json"), `${JSON.stringify(main, null, 2)}\n`);
pack(dir);
