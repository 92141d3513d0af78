export const SW_FILE: string;
export const BUILD_INFO_FILE: string;
export function isGrammarChunk(source: string): boolean;
export function findLazyChunks(outDir: string): string[];
export interface ServiceWorkerSummary {
  build: string;
  precachedFiles: number;
  precachedBytes: number;
  lazyFiles: number;
  lazyBytes: number;
  runnerVersion: string;
  warnings: string[];
}
export function generateServiceWorker(options: { outDir: string; quiet?: boolean }): Promise<ServiceWorkerSummary>;
