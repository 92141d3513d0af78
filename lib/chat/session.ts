/**
 * The chat page's session, framework-free: it sends questions and asks for
 * answers again through the chat actions, takes every started answer through
 * the rest of its turn (turn.ts: process, auto-run, report), sends the
 * runner's follow-ups, changes a chat's model and project, and keeps the one
 * error the page shows. The page subscribes to its state and renders it.
 */
import type { CodelumiDB } from '../db/db';
import type { Conversation, Message, NewAppEvent } from '../core/records';
import { selectBranch } from '../db/messages';
import { setConversationProject, updateConversationOptions } from '../db/conversations';
import { NEW_CHAT_DRAFT } from '../db/drafts';
import { CodelumiError, isCodelumiError, type StoredError } from '../core/errors';
import type { SendFollowUp } from '../runner/board';
import { finishTurn, type StartedAnswer, type TurnRunner } from './turn';

/** What a send needs to say (the input of sendMessage without the chat context). */
export interface SendRequest {
  conversationId?: string;
  parentId: string | null;
  text: string;
  model?: string;
  draftKey: string;
  projectId?: string;
  /** The conversation and the messages of its thread as shown (sendMessage reads them again when they are not given). */
  shown?: { conversation: Conversation; thread: Message[] };
}

/** The chat actions bound to the tab's services and settings; each resolves once the answer has started. */
export interface TurnActions {
  send(input: SendRequest): Promise<StartedAnswer>;
  regenerate(answer: Message, options?: { exclude?: string[] }): Promise<StartedAnswer>;
  edit(question: Message, text: string): Promise<StartedAnswer>;
  continueAnswer(answer: Message): Promise<StartedAnswer>;
  stop(conversationId: string): void;
}

export interface ChatSessionDeps {
  db: CodelumiDB;
  /** The latest actions (they follow Settings and the model list). */
  actions: () => TurnActions;
  runner: TurnRunner;
  /** Records what the user did for the learning engine. Never throws. */
  report: (event: NewAppEvent) => void;
  /** Tells the user something happened (a toast). */
  notify: (text: string) => void;
  /** Shows a conversation (a new chat's, once it is stored). */
  open: (conversationId: string) => void;
}

/** What the page shows of the session. Replaced, never changed in place (safe for useSyncExternalStore). */
export interface ChatSessionState {
  error: StoredError | null;
  /** The error came while an answer streamed (its words differ: the answer, not the draft, is at stake). */
  errorInAnswer: boolean;
  /** The model picked for a new chat ('' until one is). */
  newChatModel: string;
  /** The project a new chat starts in ('' for none). */
  newChatProject: string;
  /**
   * The model just picked for the conversation shown. It answers at once,
   * before the database's copy of the conversation catches up (a question
   * sent right after the pick would otherwise go to the old model).
   */
  picked: { conversationId: string; model: string } | null;
}

/** What the page shows when a send is made: the conversation (none for a new chat) and the model in the picker. */
export interface ChatView {
  conversation?: Conversation;
  /** The last message of the thread shown; the question goes after it. */
  lastId: string | null;
  /** The messages of the thread shown, oldest first (undefined while it loads). */
  thread?: Message[];
  /** The model the picker shows; '' when none is known yet. */
  model: string;
  /** A new chat's project. */
  projectId?: string;
  /** The model to use when the picker shows none (the list may not be loaded just after Ollama came back). */
  loadModel: () => Promise<string>;
}

/** The model `conversation` answers with: the one just picked for it, else its stored one (a new chat: the one picked for it). */
export function ownModel(state: ChatSessionState, conversation: Conversation | undefined): string | undefined {
  if (!conversation) return state.newChatModel;
  return state.picked?.conversationId === conversation.id ? state.picked.model : conversation.model;
}

function toStored(err: unknown): StoredError {
  if (isCodelumiError(err)) return err.toJSON();
  return new CodelumiError('unknown', err instanceof Error ? err.message : String(err)).toJSON();
}

/** One chat page's session; see the file comment. */
export class ChatSession {
  private state: ChatSessionState;
  private readonly listeners = new Set<() => void>();
  private shownConversation: string | undefined;

  constructor(
    private readonly deps: ChatSessionDeps,
    newChatProject = '',
  ) {
    this.state = { error: null, errorInAnswer: false, newChatModel: '', newChatProject, picked: null };
  }

  /** Calls `listener` after every state change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current state; the same object until it changes. */
  getSnapshot = (): ChatSessionState => this.state;

  private set(patch: Partial<ChatSessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Shows `err` under the thread, in the words for an answer's error when `inAnswer`. */
  fail = (err: unknown, inAnswer = false): void => this.set({ error: toStored(err), errorInAnswer: inAnswer });

  /** Hides the error. */
  dismissError = (): void => {
    if (this.state.error) this.set({ error: null });
  };

  /**
   * The page now shows `conversationId` (undefined: a new chat, starting in
   * `project`). Another conversation's error is not this one's.
   */
  show(conversationId: string | undefined, project: string): void {
    if (conversationId !== this.shownConversation) {
      this.dismissError();
      if (this.state.picked) this.set({ picked: null });
    }
    this.shownConversation = conversationId;
    if (!conversationId && project !== this.state.newChatProject) this.set({ newChatProject: project });
  }

  /** Takes a started answer through the rest of its turn (process, auto-run, report). */
  private follow(started: StartedAnswer): void {
    void finishTurn(started, {
      runner: this.deps.runner,
      followUp: this.followUp(started.conversationId),
      fail: this.fail,
    });
  }

  private watch(started: Promise<StartedAnswer>): Promise<boolean> {
    this.dismissError();
    return started.then(
      (s) => {
        this.follow(s);
        return true;
      },
      (err: unknown) => {
        this.fail(err);
        return false;
      },
    );
  }

  /**
   * Sends `text` after the thread shown (a new chat when there is none, which
   * the page then opens). Resolves false, with the error shown, when the
   * question could not be sent: the composer then keeps it.
   */
  async send(view: ChatView, text: string): Promise<boolean> {
    this.dismissError();
    try {
      const started = await this.deps.actions().send({
        conversationId: view.conversation?.id,
        parentId: view.conversation ? view.lastId : null,
        text,
        // The model the picker shows is the one that answers.
        model: view.model || (await view.loadModel()) || undefined,
        draftKey: view.conversation?.id ?? NEW_CHAT_DRAFT,
        projectId: view.conversation ? undefined : view.projectId,
        shown: view.conversation && view.thread ? { conversation: view.conversation, thread: view.thread } : undefined,
      });
      if (!view.conversation) this.deps.open(started.conversationId);
      this.follow(started);
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  /** Answers again as a new branch; `exclude` drops context items chosen in the prompt inspector. */
  regenerate = (answer: Message, options?: { exclude?: string[] }): void =>
    void this.watch(this.deps.actions().regenerate(answer, options));

  /** Continues an interrupted answer. */
  continueAnswer = (answer: Message): void => void this.watch(this.deps.actions().continueAnswer(answer));

  /** Sends an edited question as a new branch; resolves false (error shown) when it could not be sent. */
  edit = (question: Message, text: string): Promise<boolean> => this.watch(this.deps.actions().edit(question, text));

  /** Stops the answer streaming in the conversation. */
  stop(conversationId: string | undefined): void {
    if (conversationId) this.deps.actions().stop(conversationId);
  }

  /** A sender of follow-ups (Fix it, Write tests) at the end of one conversation. */
  followUp(conversationId: string): SendFollowUp {
    return async (text: string) => {
      this.dismissError();
      const leaf = (await this.deps.db.conversations.get(conversationId))?.leafId ?? null;
      try {
        return await this.deps
          .actions()
          .send({ conversationId, parentId: leaf, text, draftKey: `runner:${conversationId}` });
      } catch (err) {
        this.fail(err);
        throw err;
      }
    };
  }

  /** A follow-up in the conversation shown; refused while it is not stored yet. */
  sendFollowUp(conversationId: string | undefined, text: string): ReturnType<SendFollowUp> {
    if (!conversationId)
      return Promise.reject(new CodelumiError('bad_request:ollama', 'This conversation is not saved yet.'));
    return this.followUp(conversationId)(text);
  }

  /** Shows another branch of the conversation. */
  selectBranch(conversationId: string | undefined, messageId: string): void {
    if (conversationId) void selectBranch(this.deps.db, conversationId, messageId).catch(this.fail);
  }

  /** Records a copy of a message, a code block or a selection for the learning engine. */
  recordCopy(message: Message, what: 'message' | 'code' | 'selection', extra?: Record<string, unknown>): void {
    this.deps.report({
      kind: 'copy',
      conversationId: message.conversationId,
      messageId: message.id,
      at: Date.now(),
      data: { what, ...extra },
    });
  }

  /** The chat answers with `model` from now on (a new chat: once it starts). */
  changeModel(conversation: Conversation | undefined, model: string): void {
    if (!conversation) {
      this.set({ newChatModel: model });
      return;
    }
    const picked = { conversationId: conversation.id, model };
    this.set({ picked });
    void updateConversationOptions(this.deps.db, conversation.id, { model }).catch((err: unknown) => {
      if (this.state.picked === picked) this.set({ picked: null });
      this.fail(err);
    });
    this.deps.notify(`This chat now answers with ${model}`);
  }

  /** The chat uses project `projectId` ('' for none; `name` is its name) from now on (a new chat: once it starts). */
  changeProject(conversation: Conversation | undefined, projectId: string, name: string | undefined): void {
    if (!conversation) {
      this.set({ newChatProject: projectId });
      return;
    }
    void setConversationProject(this.deps.db, conversation.id, projectId || undefined)
      .then(() =>
        this.deps.notify(name ? `This chat now uses the project ${name}` : 'This chat no longer uses a project'),
      )
      .catch(this.fail);
  }
}
