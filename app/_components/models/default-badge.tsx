'use client';
import { StarIcon } from '../icons';

/** The mark on the model new chats use. */
export function DefaultBadge() {
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent-text">
      <StarIcon className="h-3 w-3" /> Default
    </span>
  );
}
