import type { Server } from 'node:http';
export interface StaticServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}
export function startStaticServer(options?: {
  dir?: string;
  port?: number;
  host?: string;
  quiet?: boolean;
}): Promise<StaticServer>;
