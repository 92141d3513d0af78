/**
 * The Codelumi database: one Dexie instance over IndexedDB, shared by the
 * page's tabs and the workers. The schema lives in ./schema.ts as numbered
 * versions; this file only opens it.
 */
import Dexie, { type EntityTable } from 'dexie';
import type {
  AnswerRecord,
  AppEvent,
  Contribution,
  Conversation,
  Draft,
  EmbeddingRow,
  KnownModels,
  Memory,
  Message,
  MetaRow,
  ModelComparison,
  Pattern,
  PersistedIndex,
  PersonalModel,
  PlanRecord,
  Project,
  ProjectFile,
  ProjectHandle,
  RetrievalRecord,
  Run,
  SettingRow,
  Signal,
  SignalCorrection,
  StepRun,
  TrainingPair,
  WorkspaceFile,
} from '../core/records';
import { declareSchema } from './schema';
import { quotesMiddleware } from './quotes';
import { memoryChangesMiddleware } from './memory-changes';

export const DB_NAME = 'codelumi';

export type CodelumiDB = Dexie & {
  conversations: EntityTable<Conversation, 'id'>;
  messages: EntityTable<Message, 'id'>;
  runs: EntityTable<Run, 'id'>;
  signals: EntityTable<Signal, 'id'>;
  signalCorrections: EntityTable<SignalCorrection, 'id'>;
  patterns: EntityTable<Pattern, 'id'>;
  memories: EntityTable<Memory, 'id'>;
  projects: EntityTable<Project, 'id'>;
  projectFiles: EntityTable<ProjectFile, 'id'>;
  projectHandles: EntityTable<ProjectHandle, 'projectId'>;
  contributions: EntityTable<Contribution, 'id'>;
  settings: EntityTable<SettingRow, 'key'>;
  events: EntityTable<AppEvent, 'seq'>;
  drafts: EntityTable<Draft, 'key'>;
  answers: EntityTable<AnswerRecord, 'messageId'>;
  trainingPairs: EntityTable<TrainingPair, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
  embeddings: EntityTable<EmbeddingRow, 'id'>;
  retrievals: EntityTable<RetrievalRecord, 'id'>;
  knownModels: EntityTable<KnownModels, 'host'>;
  personalModels: EntityTable<PersonalModel, 'id'>;
  modelComparisons: EntityTable<ModelComparison, 'id'>;
  indexes: EntityTable<PersistedIndex, 'key'>;
  plans: EntityTable<PlanRecord, 'id'>;
  planSteps: EntityTable<StepRun, 'id'>;
  workspaceFiles: EntityTable<WorkspaceFile, 'id'>;
};

export interface OpenOptions {
  name?: string;
  /** Injected for tests under Node (fake-indexeddb); the browser's own by default. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/** Creates (does not yet open) the database with every schema version declared. */
export function createDatabase(options: OpenOptions = {}): CodelumiDB {
  // Only pass what was injected: an explicit undefined would hide the browser's own.
  const platform: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
  if (options.indexedDB) platform.indexedDB = options.indexedDB;
  if (options.IDBKeyRange) platform.IDBKeyRange = options.IDBKeyRange;
  const db = new Dexie(options.name ?? DB_NAME, platform) as CodelumiDB;
  declareSchema(db);
  // Every message written keeps its `quotes` index in step with its trace.
  db.use(quotesMiddleware);
  // Every write to memories is reported by id, so the worker's memory cache re-reads only those rows.
  db.use(memoryChangesMiddleware(db.name));
  return db;
}

let shared: CodelumiDB | undefined;

/** The page's (or worker's) one database instance. */
export function getDatabase(): CodelumiDB {
  shared ??= createDatabase();
  return shared;
}
