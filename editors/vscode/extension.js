// The Motif extension: the language (highlighting, comments, brackets) and the language
// server, `motif lsp`, started from the `motif.path` setting. Plain JavaScript, no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function createClient() {
  const command = vscode.workspace.getConfiguration('motif').get('path') || 'motif';
  const serverOptions = {
    command,
    args: ['lsp'],
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'motif' },
      { scheme: 'untitled', language: 'motif' },
    ],
    // Files changed outside the editor (git, another program) are read again by the server.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.motif'),
    },
  };
  return { command, client: new LanguageClient('motif', 'Motif', serverOptions, clientOptions) };
}

async function start() {
  const created = createClient();
  client = created.client;
  try {
    await client.start();
  } catch (error) {
    const reason = error && error.message ? error.message : String(error);
    vscode.window.showErrorMessage(
      `Motif : impossible de lancer « ${created.command} lsp » (${reason}). ` +
        'Indiquez le chemin du programme motif dans le réglage motif.path.'
    );
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    try {
      await running.stop();
    } catch (error) {
      // A server that never started cannot be stopped: nothing to do.
    }
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('motif.restart', async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('motif.path')) {
        await stop();
        await start();
      }
    })
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
