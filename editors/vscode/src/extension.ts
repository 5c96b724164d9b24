/**
 * The VS Code extension: starts `sfcheck server` over standard input/output for External
 * Client App descriptions and metadata files, restarts it when its settings change, and
 * applies "Fix all sfcheck findings" on save when asked to.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  CodeActionRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

import { findBinary } from "./binary";
import { DOCUMENT_SELECTOR } from "./patterns";

/** The code action kind of the server's "Fix all sfcheck findings". */
const FIX_ALL = "source.fixAll.sfcheck";

/** Settings the server reads only when it starts. */
const RESTART_SETTINGS = ["sfcheck.path", "sfcheck.profile", "sfcheck.callbackUrl"];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

/** Called by VS Code on the first activation event. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("sfcheck");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("sfcheck.restart", restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) void restart();
    }),
    // Trusting the workspace lets its sfcheck.path and node_modules/.bin/sfcheck count.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    vscode.workspace.onWillSaveTextDocument(fixOnSave),
  );
  await restart();
}

/** Called by VS Code when the extension stops: the server is shut down with it. */
export async function deactivate(): Promise<void> {
  restarts = restarts.then(stop);
  await restarts;
}

/** Restarts run one after another, so that quick setting changes leave one server. */
let restarts: Promise<void> = Promise.resolve();

function restart(): Promise<void> {
  restarts = restarts
    .then(stop)
    .then(start)
    .catch((error: unknown) => output.appendLine(`sfcheck: restarting the server: ${String(error)}`));
  return restarts;
}

async function start(): Promise<void> {
  const settings = vscode.workspace.getConfiguration("sfcheck");
  const found = findBinary({
    setting: settings.get<string>("path", ""),
    folders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    trusted: vscode.workspace.isTrusted,
    envPath: process.env.PATH ?? "",
    home: os.homedir(),
    platform: process.platform,
    isExecutable,
  });
  if (!found.ok) {
    output.appendLine(found.message);
    void vscode.window.showErrorMessage(found.message);
    return;
  }
  output.appendLine(`sfcheck: starting ${found.command} server (found by ${found.source})`);
  // A .cmd launcher (npm's on Windows) runs only through the shell, quoted for spaces.
  const shell = found.command.toLowerCase().endsWith(".cmd");
  const command = shell ? `"${found.command}"` : found.command;
  const server: ServerOptions = {
    command,
    args: ["server"],
    transport: TransportKind.stdio,
    options: { shell },
  };
  const options: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR],
    initializationOptions: {
      profile: nonEmpty(settings.get<string>("profile", "")),
      callbackUrl: nonEmpty(settings.get<string>("callbackUrl", "")),
    },
    outputChannel: output,
  };
  // The id "sfcheck" makes the client read its trace level from sfcheck.trace.server.
  const started = new LanguageClient("sfcheck", "sfcheck", server, options);
  client = started;
  try {
    await started.start();
  } catch (error) {
    const message = `sfcheck: ${found.command} server did not start: ${String(error)}. An sfcheck without the \`server\` command is too old for this extension.`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) return;
  try {
    await running.stop();
  } catch (error) {
    output.appendLine(`sfcheck: stopping the server: ${String(error)}`);
  }
}

/** An unset setting is left out of the initialization options, not sent as "". */
function nonEmpty(value: string): string | undefined {
  const text = value.trim();
  return text === "" ? undefined : text;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * With sfcheck.fixOnSave, a file saved by hand gets the server's fix-all edits first, as
 * `editor.codeActionsOnSave` would (auto-save after a delay is left alone, as there).
 */
function fixOnSave(event: vscode.TextDocumentWillSaveEvent): void {
  const { document } = event;
  const running = client;
  if (
    running === undefined ||
    !running.isRunning() ||
    event.reason === vscode.TextDocumentSaveReason.AfterDelay ||
    !vscode.workspace.getConfiguration("sfcheck", document).get<boolean>("fixOnSave", false) ||
    vscode.languages.match([...DOCUMENT_SELECTOR], document) === 0
  ) {
    return;
  }
  event.waitUntil(fixAllEdits(running, document));
}

/** The text edits of the server's fix-all action for the document (none if it has none). */
async function fixAllEdits(
  running: LanguageClient,
  document: vscode.TextDocument,
): Promise<vscode.TextEdit[]> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await running.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: running.code2ProtocolConverter.asUri(document.uri) },
    range: running.code2ProtocolConverter.asRange(whole),
    context: { diagnostics: [], only: [FIX_ALL] },
  });
  const edits: vscode.TextEdit[] = [];
  for (const action of actions ?? []) {
    if (!("kind" in action) || action.kind !== FIX_ALL || action.edit === undefined) continue;
    const edit = await running.protocol2CodeConverter.asWorkspaceEdit(action.edit);
    for (const [uri, changes] of edit.entries()) {
      if (uri.toString() === document.uri.toString()) edits.push(...changes);
    }
  }
  return edits;
}
