/**
 * The highlight worker: Shiki runs here, so colouring a page of code never
 * blocks the main thread (a big TypeScript block can take hundreds of ms).
 */
import { expose } from 'comlink';
import { highlightCode } from '../lib/markdown/highlight';

const api = {
  highlight: (code: string, language: string) => highlightCode(code, language),
};

export type HighlightWorkerApi = typeof api;

expose(api);
