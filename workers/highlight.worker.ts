/**
 * The highlight worker: Shiki runs here, so colouring a page of code never
 * blocks the main thread (a big TypeScript block can take hundreds of ms).
 * The page times each block and replaces this worker when one takes too long.
 */
import { expose } from 'comlink';
import { highlightCode, prepareLanguage } from '../lib/markdown/highlight';

const api = {
  prepare: (language: string) => prepareLanguage(language),
  highlight: (code: string, language: string) => highlightCode(code, language),
};

export type HighlightWorkerApi = typeof api;

expose(api);
