// A minimal LSP client for the VS Code ESLint language server (`vscode-eslint-language-server`
// from vscode-langservers-extracted), doing what VS Code's ESLint extension does for the parts the
// editor test needs. What the server expects of its client:
// - pull diagnostics: the server never publishes; a client that does not advertise
//   `textDocument.diagnostic` gets nothing linted, and it asks for `textDocument/diagnostic`;
// - settings through `workspace/configuration`, one answer per document (VS Code's defaults below);
// - code actions are commands; `workspace/executeCommand` comes back as a `workspace/applyEdit`
//   request that the client applies to its copy of the document and acknowledges;
// - after `workspace/didChangeWatchedFiles` it drops its settings and asks the client to pull
//   again (`workspace/diagnostic/refresh`).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const root = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(root, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server');

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  message: string;
  severity?: number;
  source?: string;
  code?: string | number;
}
interface TextEdit {
  range: Range;
  newText: string;
}
interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
}
export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: Diagnostic[];
  command?: Command;
}

interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

/** VS Code's defaults for the `eslint.*` settings, as its extension sends them for one document. */
function settingsFor(workspace: string) {
  return {
    validate: 'probe',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: undefined,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workspaceFolder: { name: path.basename(workspace), uri: pathToFileURL(workspace).href },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
  };
}

const offsetAt = (text: string, { line, character }: Position): number => {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
};

/** The edits applied from the end backwards, so earlier offsets stay valid. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const edit of sorted) text = text.slice(0, offsetAt(text, edit.range.start)) + edit.newText + text.slice(offsetAt(text, edit.range.end));
  return text;
}

export class EslintLanguageServer {
  readonly log: string[] = [];
  private readonly documents = new Map<string, OpenDocument>();
  private refreshWaiters: (() => void)[] = [];

  private constructor(
    private readonly process: ChildProcess,
    private readonly connection: MessageConnection,
  ) {}

  /** Starts the server for one workspace folder and completes the LSP handshake. */
  static async start(workspace: string): Promise<EslintLanguageServer> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new EslintLanguageServer(child, connection);
    child.stderr!.on('data', (data: Buffer) => server.log.push(`stderr: ${String(data)}`));
    server.handleServerRequests(workspace);
    connection.listen();
    const workspaceUri = pathToFileURL(workspace).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: workspaceUri,
      workspaceFolders: [{ uri: workspaceUri, name: path.basename(workspace) }],
      capabilities: {
        textDocument: {
          synchronization: { didSave: true },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } } },
        },
        workspace: {
          configuration: true,
          applyEdit: true,
          workspaceEdit: { documentChanges: true },
          didChangeWatchedFiles: { dynamicRegistration: false },
          diagnostics: { refreshSupport: true },
          workspaceFolders: true,
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  private handleServerRequests(workspace: string): void {
    const { connection } = this;
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settingsFor(workspace)));
    connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }): { applied: boolean; failureReason?: string } => {
      const byUri = new Map<string, TextEdit[]>(Object.entries(params.edit.changes ?? {}));
      for (const change of params.edit.documentChanges ?? []) byUri.set(change.textDocument.uri, change.edits);
      for (const [uri, edits] of byUri) {
        const document = this.documents.get(uri);
        if (!document) return { applied: false, failureReason: `${uri} is not open` };
        this.change(uri, applyEdits(document.text, edits));
      }
      return { applied: true };
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      for (const resolve of this.refreshWaiters.splice(0)) resolve();
      return null;
    });
    // client/registerCapability, window/workDoneProgress/create, eslint/noLibrary, eslint/probeFailed…
    connection.onRequest((method: string, params: unknown) => {
      this.log.push(`request ${method} ${JSON.stringify(params)}`);
      return null;
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.log.push(params.message);
    });
    connection.onNotification(() => undefined);
  }

  open(file: string, languageId: string, text: string): string {
    const uri = pathToFileURL(file).href;
    this.documents.set(uri, { uri, languageId, version: 1, text });
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** The editor's copy of a document: what the user sees after edits applied through the server. */
  text(uri: string): string {
    return this.documents.get(uri)!.text;
  }

  private change(uri: string, text: string): void {
    const document = this.documents.get(uri)!;
    document.version++;
    document.text = text;
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [{ text }] });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    if (report.kind !== 'full') throw new Error(`expected a full diagnostic report, got ${report.kind}`);
    return report.items;
  }

  codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return this.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: 1 },
    });
  }

  /** Runs a code action's command; the server's edits arrive as `workspace/applyEdit` first. */
  execute(command: Command): Promise<unknown> {
    return this.connection.sendRequest('workspace/executeCommand', { command: command.command, arguments: command.arguments });
  }

  /** Tells the server a watched file changed; resolves once it asks the client to pull diagnostics again. */
  async changedOnDisk(file: string): Promise<void> {
    const refreshed = new Promise<void>((resolve) => this.refreshWaiters.push(resolve));
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type: 2 }] });
    await refreshed;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.process.exitCode !== null ? resolve() : this.process.once('exit', () => resolve())));
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The connection may already be gone; the kill below ends the process either way.
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
