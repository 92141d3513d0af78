'use client';
/**
 * Lumi, Codelumi's avatar: the warm light of the logo as a small creature
 * between the code brackets, drawn for each mood. The drawing alone says
 * the mood (the static pose under reduced motion); lumi.css only adds
 * gentle movement. The box never changes size, so moods never shift layout.
 */
import { useId, useState } from 'react';
import { isReaction, moodLabel, type Mood } from '@/lib/lumi/mood';
import './lumi.css';

function Face({ mood }: { mood: Mood }) {
  switch (mood) {
    case 'thinking':
      return (
        <g className="lumi-face">
          <g className="lumi-eyes">
            <ellipse cx="17.4" cy="20" rx="1.35" ry="1.75" />
            <ellipse cx="24.2" cy="20" rx="1.35" ry="1.75" />
          </g>
          <path className="lumi-line" d="M18.4 25.6q1.2-.9 2.4 0t2.4 0" />
        </g>
      );
    case 'streaming':
      return (
        <g className="lumi-face">
          <g className="lumi-eyes">
            <ellipse cx="16.6" cy="21" rx="1.35" ry="1.7" />
            <ellipse cx="23.4" cy="21" rx="1.35" ry="1.7" />
          </g>
          <path className="lumi-mouth" d="M17.7 24.5h4.6q0 2.9-2.3 2.9t-2.3-2.9z" />
        </g>
      );
    case 'pleased':
      return (
        <g className="lumi-face">
          <circle className="lumi-cheek" cx="14.2" cy="24.3" r="1.5" />
          <circle className="lumi-cheek" cx="25.8" cy="24.3" r="1.5" />
          <path className="lumi-line" d="M15.2 21.8q1.4-2 2.8 0M22 21.8q1.4-2 2.8 0" />
          <path className="lumi-line" d="M17.1 24.4q2.9 3.1 5.8 0" />
        </g>
      );
    case 'concerned':
      return (
        <g className="lumi-face">
          <path className="lumi-line lumi-brows" d="M14.6 18.6 17.7 17.3M22.3 17.3 25.4 18.6" />
          <g className="lumi-eyes">
            <ellipse cx="16.6" cy="21.4" rx="1.3" ry="1.55" />
            <ellipse cx="23.4" cy="21.4" rx="1.3" ry="1.55" />
          </g>
          <path className="lumi-line" d="M17.6 26.2q2.4-1.7 4.8 0" />
        </g>
      );
    default:
      return (
        <g className="lumi-face">
          <g className="lumi-eyes">
            <ellipse cx="16.6" cy="21.2" rx="1.35" ry="1.9" />
            <ellipse cx="23.4" cy="21.2" rx="1.35" ry="1.9" />
          </g>
          <path className="lumi-line" d="M17.8 25.1q2.2 1.8 4.4 0" />
        </g>
      );
  }
}

export interface LumiAvatarProps {
  mood: Mood;
  /** Hidden from screen readers: a copy that only decorates (the empty chat, the settings preview). */
  decorative?: boolean;
  /** Blinks and breathes a few times at rest too; by default only busy moods and reactions move. */
  alive?: boolean;
  /** False while what the mood depends on is still loading (the signals): the first mood that counts comes after. */
  known?: boolean;
  className?: string;
}

/** The avatar in `mood`: role="img" named after the mood, unless decorative. */
export function LumiAvatar({
  mood,
  decorative = false,
  alive = false,
  known = true,
  className = 'h-8 w-8',
}: LumiAvatarProps) {
  const glowId = `lumi-glow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  // The first known mood, so a reaction plays when the mood changes on screen, not when an old answer appears.
  const [shown, setShown] = useState<Mood | undefined>(known ? mood : undefined);
  if (shown === undefined && known) setShown(mood);
  return (
    <span
      className={`lumi inline-block shrink-0 ${className}`}
      data-mood={mood}
      data-alive={alive || undefined}
      data-reacting={(shown !== undefined && isReaction(shown, mood)) || undefined}
      data-testid="lumi"
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': moodLabel(mood) })}
    >
      <svg viewBox="0 0 40 40" className="block h-full w-full overflow-visible" aria-hidden="true" focusable="false">
        <defs>
          <radialGradient id={glowId}>
            <stop offset="0%" stopColor="#fef3c7" />
            <stop offset="50%" stopColor="#fbbf24" stopOpacity="0.8" />
            <stop offset="68%" stopColor="#f59e0b" stopOpacity="0.45" />
            <stop offset="100%" stopColor="#f59e0b" stopOpacity="0" />
          </radialGradient>
        </defs>
        <rect className="lumi-tile" x="0.5" y="0.5" width="39" height="39" rx="11" />
        <circle className="lumi-glow" cx="20" cy="21.5" r="15.5" fill={`url(#${glowId})`} />
        <g className="lumi-brackets">
          <path className="lumi-bracket lumi-bracket-l" d="M8.6 13.5 4.3 22 8.6 30.5" />
          <path className="lumi-bracket lumi-bracket-r" d="M31.4 13.5 35.7 22 31.4 30.5" />
        </g>
        <g className="lumi-body">
          <path
            className="lumi-flame"
            d="M20 5.6c2.5 2.4 3.3 4.6 2.1 6.3-1 1.3-3.2 1.3-4.2 0-1.2-1.7-.4-3.9 2.1-6.3z"
          />
          <circle className="lumi-head" cx="20" cy="22" r="9.6" />
          <Face mood={mood} />
        </g>
        {mood === 'pleased' && (
          <path className="lumi-spark" d="M31.5 5.5l.9 2.1 2.1.9-2.1.9-.9 2.1-.9-2.1-2.1-.9 2.1-.9z" />
        )}
        {mood === 'concerned' && (
          <path className="lumi-drop" d="M27.6 9.4c1 1.4 1.5 2.3 1.5 3a1.5 1.5 0 0 1-3 0c0-.7.5-1.6 1.5-3z" />
        )}
      </svg>
    </span>
  );
}
