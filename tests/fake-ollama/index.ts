/**
 * Fake Ollama: a TEST DOUBLE (never part of the product) that speaks the Ollama HTTP
 * API over real HTTP, with deterministic scriptable answers, paced streaming and
 * fault injection. The official `ollama` client works against it unchanged.
 *
 *   const fake = await startFakeOllama({ quiet: true });
 *   fake.script([{ match: { lastUser: 'hello' }, reply: { content: 'Hi!' } }]);
 *   const ollama = new Ollama({ host: fake.url });
 *
 * Thinking: chunks of `Reply.thinking` are streamed before the content when the request
 * asks for it (`think` truthy) or the model has the 'thinking' capability and `think`
 * is not false. When no rule matches, the reply is a deterministic markdown answer
 * (valid JSON for `format` requests).
 */
import { FakeOllamaServer } from './server';
import { startConfig } from './state';
import type { FakeOllama, FakeOllamaOptions } from './types';

export type {
  ChatLikeRequest,
  FakeModel,
  FakeOllama,
  FakeOllamaOptions,
  FakeToolCall,
  Fault,
  RecordedRequest,
  Reply,
  Rule,
} from './types';
export { tokenize } from './tokens';
export { cosine, embedText, EMBEDDING_DIMS } from './embed';
export { DEFAULT_MODELS, DEFAULT_PULLABLE } from './catalog';
export { rulesFromJson } from './rules';

/** Starts a fake Ollama and resolves once it listens (port 0 = a free port). */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const config = startConfig(options);
  const server = new FakeOllamaServer(config);
  await server.listen(config.port);
  return server;
}
