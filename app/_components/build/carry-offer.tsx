'use client';
/**
 * The way through a refused move: the steps in the way (what the step
 * needs, or what needs it) can move along with it ("Move step 1 along with
 * it?"). The move itself is the service's (plan-edit.ts's carried move).
 */
import type { PlanStep } from '@/lib/planner/types';
import { PRIMARY, SECONDARY } from './ui';

export function CarryOffer({
  step,
  steps,
  carried,
  up,
  onMove,
  onDismiss,
}: {
  step: PlanStep;
  /** Every step of the plan, in order (for numbers and titles). */
  steps: readonly PlanStep[];
  /** The ids of the steps that would move along. */
  carried: readonly string[];
  /** Which way the user moved the step. */
  up: boolean;
  onMove: () => void;
  onDismiss: () => void;
}) {
  const numberOf = (id: string) => steps.findIndex((s) => s.id === id) + 1;
  const n = numberOf(step.id);
  const others = carried.map((id) => steps.find((s) => s.id === id)).filter((s) => s !== undefined);
  const many = others.length > 1;
  const names = others.map((s) => `step ${numberOf(s.id)} “${s.title}”`).join(', ');
  const numbers = `step${many ? 's' : ''} ${others.map((s) => numberOf(s.id)).join(', ')}`;
  return (
    <div
      className="mt-2 flex flex-wrap items-center gap-2 rounded-md border border-warn/40 bg-warn-soft px-3 py-2 text-sm sm:ml-8"
      role="alert"
      data-testid="carry-offer"
    >
      <p className="min-w-0 flex-1 basis-56 break-words">
        {up
          ? `Step ${n} comes after ${names}.`
          : `${names[0]!.toUpperCase()}${names.slice(1)} ${many ? 'come' : 'comes'} after step ${n}.`}{' '}
        Move {numbers} along with it?
      </p>
      <div className="flex shrink-0 gap-2">
        <button type="button" className={SECONDARY} onClick={onDismiss}>
          Keep the order
        </button>
        <button type="button" className={PRIMARY} onClick={onMove}>
          Move {many ? 'all' : 'both'} {up ? 'up' : 'down'}
        </button>
      </div>
    </div>
  );
}
