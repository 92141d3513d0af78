/**
 * Words for every error a user can meet: what happened, and what to do next.
 * The UI renders `title`, `body`, an optional command to copy, and buttons
 * for the listed actions.
 */
import type { ErrorCode, StoredError } from './errors';

export type ErrorAction = 'retry' | 'continue' | 'pull-model' | 'choose-model' | 'open-settings' | 'open-models';

export interface ErrorText {
  title: string;
  body: string;
  /** A shell command or setting value the user may copy. */
  command?: string;
  commandLabel?: string;
  actions: ErrorAction[];
}

/** The OLLAMA_ORIGINS value that lets `origin` in. */
export function ollamaOriginsValue(origin: string | undefined): string {
  return origin || 'http://localhost:3000';
}

/** How to set OLLAMA_ORIGINS on the common platforms, for the CORS advice. */
export function originsInstructions(origin: string | undefined): { platform: string; command: string }[] {
  const v = ollamaOriginsValue(origin);
  return [
    { platform: 'macOS (Ollama app)', command: `launchctl setenv OLLAMA_ORIGINS "${v}"` },
    { platform: 'Linux (systemd)', command: `sudo systemctl edit ollama   # add: Environment="OLLAMA_ORIGINS=${v}"` },
    { platform: 'Windows', command: `setx OLLAMA_ORIGINS "${v}"` },
    { platform: 'Any shell', command: `OLLAMA_ORIGINS="${v}" ollama serve` },
  ];
}

/** Words and next steps for a stored error. `hasPartial` says whether some answer text was kept. */
export function describeError(error: Pick<StoredError, 'code' | 'message' | 'details'>, hasPartial = false): ErrorText {
  const d = error.details ?? {};
  const model = d.model ? `“${d.model}”` : 'the model';
  const host = d.host ?? 'your Ollama address';
  const keep = hasPartial ? ' The part of the answer that arrived is kept above.' : '';
  const byCode: Record<ErrorCode, () => ErrorText> = {
    'unreachable:ollama': () => ({
      title: 'Ollama is not running',
      body: `Nothing answered at ${host}. Start Ollama (open the Ollama app, or run the command below), then try again. If it runs elsewhere, change the address in Settings.`,
      command: 'ollama serve',
      commandLabel: 'Start Ollama',
      actions: ['retry', 'open-settings'],
    }),
    'blocked:cors': () => ({
      title: 'Ollama is blocking this page',
      body: `Ollama is running at ${host} but refuses requests from ${d.origin ?? 'this page'}. Allow this origin with OLLAMA_ORIGINS and restart Ollama.`,
      command: `OLLAMA_ORIGINS="${ollamaOriginsValue(d.origin)}"`,
      commandLabel: 'Set this environment variable for Ollama',
      actions: ['retry', 'open-settings'],
    }),
    'not_found:model': () =>
      d.model
        ? {
            title: `Model ${model} is not installed`,
            body: `Ollama does not have ${model}. Download it now, or choose another model for this chat.`,
            command: `ollama pull ${d.model}`,
            commandLabel: 'Or pull it in a terminal',
            actions: ['pull-model', 'choose-model'],
          }
        : {
            title: 'No model chosen',
            body: 'Install a model on the Models page, or choose one in the model menu above.',
            actions: ['open-models', 'choose-model'],
          },
    'not_found:base': () => ({
      title: `The base model ${model} is not installed`,
      body: `A new model is made from a base model Ollama already has, and Ollama does not have ${model}. Download it, then create again.`,
      command: d.model ? `ollama pull ${d.model}` : undefined,
      commandLabel: 'Or pull it in a terminal',
      actions: ['pull-model'],
    }),
    'unsupported:model': () => ({
      title: `${model} cannot do this`,
      body: `${error.message}. Embedding models cannot chat; choose a chat model.`,
      actions: ['choose-model'],
    }),
    'bad_request:ollama': () => ({
      title: 'Ollama refused the request',
      body: `${error.message}.${keep}`,
      actions: ['retry'],
    }),
    'server:ollama': () => ({
      title: 'Ollama reported an error',
      body: `${d.cause ?? error.message}. This often means the model ran out of memory or crashed while loading; try again, or try a smaller model.${keep}`,
      actions: ['retry', 'choose-model'],
    }),
    'busy:ollama': () => ({
      title: 'Ollama is busy',
      body: `Its request queue is full. Wait a moment and try again.${keep}`,
      actions: ['retry'],
    }),
    'stream_cut:ollama': () => ({
      title: 'The answer was cut off',
      body: `The connection to Ollama broke before the answer was finished (Ollama may have stopped or crashed).${keep}`,
      actions: hasPartial ? ['continue', 'retry'] : ['retry'],
    }),
    'timeout:ollama': () => ({
      title: 'Ollama stopped sending',
      body: `${error.message}${keep}`,
      actions: ['retry'],
    }),
    'stream_error:ollama': () => ({
      title: 'Ollama stopped with an error',
      body: `${d.cause ?? error.message}.${keep}`,
      actions: hasPartial ? ['retry', 'continue'] : ['retry'],
    }),
    'bad_response:ollama': () => ({
      title: 'Ollama sent something Codelumi cannot read',
      body: `Part of the answer was not in the form Ollama uses (${d.cause ?? error.message}), so Codelumi stopped reading it. A proxy in between, or a broken Ollama, can cause this.${keep}`,
      actions: hasPartial ? ['continue', 'retry'] : ['retry'],
    }),
    'busy:answer': () => ({
      title: 'This answer is being written in another tab',
      body: 'Another Codelumi tab is still writing this answer. Wait for it there, or stop it there, then continue here.',
      actions: [],
    }),
    'busy:plan': () => ({
      title: 'This plan is running in another tab',
      body: 'Another Codelumi tab is executing this plan. Pause it there, or close that tab, then continue here.',
      actions: [],
    }),
    'conflict:plan': () => ({
      title: 'The plan changed meanwhile',
      body: `${error.message} Your change was not saved: look at the plan as it is now and make it again.`,
      actions: [],
    }),
    'not_found:plan': () => ({ title: 'The plan is gone', body: error.message, actions: [] }),
    'invalid:path': () => ({ title: 'That file path is not allowed', body: error.message, actions: [] }),
    'aborted:user': () => ({ title: 'Stopped', body: 'You stopped this answer.', actions: ['continue', 'retry'] }),
    'overflow:context': () => ({
      title: 'Message too long for the context window',
      body: `Your message is about ${d.tokens?.toLocaleString('en') ?? 'many'} tokens, but ${model} is set to a context window of ${d.contextLength?.toLocaleString('en') ?? 'fewer'} tokens (part of it is kept free for the answer). Shorten or split the message, raise the context length in Settings, or choose a model with a longer context.`,
      actions: ['open-settings', 'choose-model'],
    }),
    'invalid:plan': () => ({
      title: 'The model did not return a usable plan',
      body: error.message,
      actions: ['retry', 'choose-model'],
    }),
    'quota:db': () => ({
      title: 'Storage is full',
      body: hasPartial
        ? 'The browser refused to save the answer as it arrived, so it may be cut short. Nothing saved before was lost. Free space by deleting old conversations, or allow this site more storage in your browser settings.'
        : 'The browser refused to save more. Nothing saved before was lost, and your text is still here. Free space by deleting old conversations, or allow this site more storage in your browser settings.',
      actions: ['retry'],
    }),
    'unavailable:db': () => ({
      title: 'Local storage is unavailable',
      body: 'Codelumi could not open its database. Private browsing or a full disk can cause this; check the browser’s site settings and reload.',
      actions: ['retry'],
    }),
    'invalid:import': () => ({ title: 'That file cannot be imported', body: error.message, actions: [] }),
    'timeout:sandbox': () => ({ title: 'The code took too long', body: error.message, actions: ['retry'] }),
    'denied:folder': () => ({
      title: 'Codelumi may not read that folder',
      body: `${error.message} Re-scan again and choose “Allow” when the browser asks, or upload the folder instead.`,
      actions: [],
    }),
    'denied:folder_write': () => ({
      title: 'Codelumi may not write into that folder',
      body: `${error.message} Nothing was written. Try again and choose “Allow” when the browser asks, or download the files as a zip instead.`,
      actions: [],
    }),
    'not_found:folder': () => ({
      title: 'The folder is gone',
      body: `${error.message} It may have been moved, renamed or deleted. Attach it again from its new place.`,
      actions: [],
    }),
    'refused:egress': () => ({
      title: 'Not sent: your privacy tier does not allow it',
      body: `${error.message}. Nothing left this device. Change the tier in Settings → Privacy to share or receive.`,
      actions: [],
    }),
    'unreachable:hub': () => ({
      title: 'The Codelumi Hub did not answer',
      body: `${error.message} Nothing was lost: the community pack you have and anything waiting to be sent stay as they are, and Codelumi tries again later. Check the hub address in Settings → Privacy.`,
      actions: ['retry'],
    }),
    unknown: () => ({ title: 'Something went wrong', body: error.message, actions: ['retry'] }),
  };
  return (byCode[error.code] ?? byCode.unknown)();
}
