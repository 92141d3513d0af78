'use client';
/**
 * "What goes in" of the create dialog: every line of the system text by
 * section, each example question and answer in full (folded, one click to
 * open), and the system text exactly as it will be sent. The user approves
 * what they see here; the dialog sends this very request.
 */
import type { BuiltPersonalModel } from '@/lib/personal/build';

/** The preview of `preview`'s request (`base` names the copy made when nothing was learned). */
export function PersonalPreview({ preview, base }: { preview: BuiltPersonalModel; base: string }) {
  const { messages, system } = preview.request;
  const pairs = messages.flatMap((m, i) =>
    m.role === 'user' ? [{ question: m.content, answer: messages[i + 1]?.content ?? '' }] : [],
  );
  return (
    <section aria-label="What goes in" className="space-y-3 rounded-lg border border-border bg-panel p-3 text-sm">
      {preview.sections.length === 0 && pairs.length === 0 ? (
        <p data-testid="personal-nothing-learned">
          Codelumi has not learned anything about you yet, so this would be a copy of {base} with only a context window
          set. State what you like in a chat (“I prefer TypeScript with strict types”), correct answers, or use the
          answers that work: they go in here.
        </p>
      ) : (
        <>
          {preview.sections.map((s) => (
            <div key={s.heading}>
              <h3 className="font-medium">{s.heading}</h3>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {s.lines.map((l) => (
                  <li key={l.memoryId}>{l.text}</li>
                ))}
              </ul>
            </div>
          ))}
          {pairs.length > 0 && (
            <div>
              <h3 className="font-medium">Examples ({pairs.length}): each question with the answer it teaches</h3>
              <ul className="mt-1 space-y-1" data-testid="personal-examples">
                {pairs.map((p, i) => (
                  <li key={i}>
                    <details className="rounded-md border border-border bg-bg">
                      <summary className="cursor-pointer break-words px-2 py-1">{p.question}</summary>
                      <div className="space-y-2 border-t border-border p-2">
                        <div>
                          <p className="text-xs font-medium text-muted">Question</p>
                          <pre className="whitespace-pre-wrap break-words font-mono text-xs">{p.question}</pre>
                        </div>
                        <div>
                          <p className="text-xs font-medium text-muted">Answer</p>
                          <pre className="max-h-60 overflow-auto whitespace-pre-wrap break-words font-mono text-xs">
                            {p.answer}
                          </pre>
                        </div>
                      </div>
                    </details>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {system && (
            <details>
              <summary className="cursor-pointer font-medium">The system text as it will be sent</summary>
              <pre
                data-testid="personal-system-preview"
                className="mt-2 max-h-60 overflow-auto whitespace-pre-wrap rounded-md bg-bg p-2 font-mono text-xs"
              >
                {system}
              </pre>
            </details>
          )}
        </>
      )}
      <p className="text-xs text-muted">
        Nothing from chats you kept out of learning, put in the bin or deleted goes in. What you see here is exactly
        what is sent.
        {system &&
          ' In Codelumi’s own chats your memories reach the model as always; the system text is what the model carries to other tools.'}
      </p>
    </section>
  );
}
