/**
 * Whether the configured Ollama runs on this machine. Prompts, project files
 * and memories go to Ollama; when it runs elsewhere they leave the machine,
 * so secrets in a message are flagged before it is sent.
 */

/** True for loopback and unspecified hosts (localhost, *.localhost, 127.0.0.0/8, ::1, 0.0.0.0); false for any other host or an address that does not parse. */
export function isLocalOllamaHost(host: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(host).hostname.toLowerCase();
  } catch {
    // Not an address the client could reach either; treat it as elsewhere rather than assume this machine.
    return false;
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]' || hostname === '[::]' || hostname === '0.0.0.0') return true;
  if (/^\[::ffff:(?:7f[0-9a-f]{2}:[0-9a-f]{1,4}|127\.\d+\.\d+\.\d+)\]$/.test(hostname)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
