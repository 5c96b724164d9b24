/**
 * Which `sfcheck` binary to start. Pure: every fact about the machine comes in as an
 * argument, so the order of the search is tested without VS Code.
 */
import * as path from "node:path";

/** What the search may look at. */
export interface Search {
  /** The `sfcheck.path` setting ("" when unset). */
  setting: string;
  /** The workspace folders' paths, in VS Code's order. */
  folders: readonly string[];
  /** Whether the workspace is trusted: if not, nothing from it is run. */
  trusted: boolean;
  /** The `PATH` environment variable. */
  envPath: string;
  /** The home folder, for a leading `~` in the setting. */
  home: string;
  /** `process.platform`. */
  platform: NodeJS.Platform;
  /** Whether a file exists and may be executed. */
  isExecutable: (file: string) => boolean;
}

/** Where the binary was found. */
export type Source = "setting" | "workspace" | "PATH";

/** A binary found, or why none was. */
export type Found =
  | { ok: true; command: string; source: Source }
  | { ok: false; message: string };

/**
 * The binary to run: the `sfcheck.path` setting if set (and only it: a wrong setting is an
 * error, not a reason to run another binary); else the npm package's
 * `node_modules/.bin/sfcheck` in a workspace folder (trusted workspaces only); else
 * `sfcheck` on `PATH`.
 */
export function findBinary(search: Search): Found {
  const { platform } = search;
  const setting = search.setting.trim();
  if (setting !== "") {
    const command = expand(setting, search);
    if (!isAbsolute(command, platform)) {
      const why = search.trusted
        ? "no workspace folder is open to take it from"
        : "it is taken from the workspace folder once you trust the workspace";
      return {
        ok: false,
        message: `sfcheck: the setting sfcheck.path names ${command}, a relative path, and ${why}.`,
      };
    }
    if (search.isExecutable(command)) {
      return { ok: true, command, source: "setting" };
    }
    return {
      ok: false,
      message: `sfcheck: the setting sfcheck.path names ${command}, which is not an executable file. Correct the setting, or clear it to use the npm package's or PATH's sfcheck.`,
    };
  }
  if (search.trusted) {
    for (const folder of search.folders) {
      for (const name of launcherNames(platform)) {
        const command = joinFor(platform, folder, "node_modules", ".bin", name);
        if (search.isExecutable(command)) {
          return { ok: true, command, source: "workspace" };
        }
      }
    }
  }
  // Only absolute PATH entries: an empty or relative one would run a binary from
  // wherever VS Code was started, or from the workspace.
  const delimiter = platform === "win32" ? ";" : ":";
  for (const dir of search.envPath.split(delimiter)) {
    if (!isAbsolute(dir, platform)) continue;
    for (const name of binaryNames(platform)) {
      const command = joinFor(platform, dir, name);
      if (search.isExecutable(command)) {
        return { ok: true, command, source: "PATH" };
      }
    }
  }
  const workspace = search.trusted
    ? "no node_modules/.bin/sfcheck in the workspace folders (npm install --save-dev sfcheck)"
    : "the workspace's node_modules are not used until you trust the workspace";
  return {
    ok: false,
    message: `sfcheck: no sfcheck binary found: sfcheck.path is not set, ${workspace}, and no sfcheck on PATH. Install sfcheck, or set sfcheck.path to the binary.`,
  };
}

/**
 * The setting with `${workspaceFolder}` and a leading `~` expanded, made absolute from the
 * first workspace folder; in an untrusted workspace nothing is taken from the workspace.
 */
function expand(setting: string, search: Search): string {
  const folder = search.trusted ? search.folders[0] : undefined;
  let text = setting;
  if (folder !== undefined) {
    text = text.split("${workspaceFolder}").join(folder);
  }
  if (text === "~" || text.startsWith("~/") || text.startsWith("~\\")) {
    text = search.home + text.slice(1);
  }
  if (!isAbsolute(text, search.platform) && folder !== undefined) {
    text = joinFor(search.platform, folder, text);
  }
  return text;
}

/** What npm writes in `node_modules/.bin` for a package's `bin` entry. */
function launcherNames(platform: NodeJS.Platform): string[] {
  return platform === "win32" ? ["sfcheck.cmd", "sfcheck.exe"] : ["sfcheck"];
}

/** The names a binary on `PATH` may have. */
function binaryNames(platform: NodeJS.Platform): string[] {
  return platform === "win32" ? ["sfcheck.exe", "sfcheck.cmd"] : ["sfcheck"];
}

function isAbsolute(file: string, platform: NodeJS.Platform): boolean {
  return platform === "win32" ? path.win32.isAbsolute(file) : path.posix.isAbsolute(file);
}

function joinFor(platform: NodeJS.Platform, ...parts: string[]): string {
  return platform === "win32" ? path.win32.join(...parts) : path.posix.join(...parts);
}
