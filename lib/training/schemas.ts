/**
 * A JSON Schema (draft-07, plain objects) for each line format the export
 * writes and for data_card.json. What a schema cannot say (turn order) the
 * format's own rules say; the tests check both.
 */

const text = { type: 'string', minLength: 1 } as const;

/** One line of sft.jsonl: OpenAI-style chat messages. */
export const CHAT_LINE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://codelumi.dev/schemas/training/chat-line.json',
  title: 'Chat SFT example (OpenAI messages)',
  type: 'object',
  required: ['messages'],
  additionalProperties: false,
  properties: {
    messages: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        required: ['role', 'content'],
        additionalProperties: false,
        properties: { role: { enum: ['system', 'user', 'assistant'] }, content: text },
      },
    },
  },
} as const;

/** One line of sharegpt.jsonl. */
export const SHAREGPT_LINE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://codelumi.dev/schemas/training/sharegpt-line.json',
  title: 'ShareGPT SFT example',
  type: 'object',
  required: ['conversations'],
  additionalProperties: false,
  properties: {
    conversations: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        required: ['from', 'value'],
        additionalProperties: false,
        properties: { from: { enum: ['system', 'human', 'gpt'] }, value: text },
      },
    },
  },
} as const;

/** One line of preferences.jsonl. */
export const PREFERENCE_LINE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://codelumi.dev/schemas/training/preference-line.json',
  title: 'Preference pair (prompt, chosen, rejected)',
  type: 'object',
  required: ['prompt', 'chosen', 'rejected'],
  additionalProperties: false,
  properties: { system: text, prompt: text, chosen: text, rejected: text },
} as const;

const count = { type: 'integer', minimum: 0 } as const;

/** data_card.json. */
export const DATA_CARD_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://codelumi.dev/schemas/training/data-card.json',
  title: 'Codelumi training data card',
  type: 'object',
  required: ['generator', 'createdAt', 'files', 'counts', 'selection', 'filters', 'anonymized', 'models', 'limits'],
  properties: {
    generator: { const: 'Codelumi' },
    createdAt: { type: 'string' },
    files: { type: 'object', additionalProperties: { type: 'string' } },
    counts: {
      type: 'object',
      required: ['sft', 'preferences', 'preferencesBySource'],
      properties: {
        sft: count,
        preferences: count,
        preferencesBySource: {
          type: 'object',
          required: ['correction', 'regeneration', 'fix'],
          properties: { correction: count, regeneration: count, fix: count },
        },
      },
    },
    dataRange: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['from', 'to'],
          properties: { from: { type: 'string' }, to: { type: 'string' } },
        },
      ],
    },
    selection: {
      type: 'object',
      required: ['sft', 'preferences', 'signals', 'minConfidence'],
      properties: {
        sft: { type: 'string' },
        preferences: { type: 'object' },
        signals: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kind', 'confidence'],
            properties: { kind: { type: 'string' }, confidence: { type: 'number' } },
          },
        },
        minConfidence: { type: 'number', minimum: 0, maximum: 1 },
      },
    },
    filters: {
      type: 'object',
      required: ['minConfidence', 'anonymize', 'systemPrompt', 'sftFormat'],
      properties: {
        minConfidence: { type: 'number', minimum: 0, maximum: 1 },
        from: { type: 'string' },
        to: { type: 'string' },
        projectId: { type: 'string' },
        language: { type: 'string' },
        anonymize: { type: 'boolean' },
        systemPrompt: { enum: ['used', 'neutral'] },
        sftFormat: { enum: ['openai', 'sharegpt'] },
      },
    },
    anonymized: { type: 'boolean' },
    models: { type: 'object', additionalProperties: count },
    limits: { type: 'array', items: { type: 'string' } },
  },
} as const;
