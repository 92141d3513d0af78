'use client';
/**
 * The tab's one polite live region for answers: it says when Codelumi starts
 * thinking, starts answering and is done (lib/lumi/announcer). Lives in the
 * shell, so it outlasts the chat page re-mounting when a new chat gets its id.
 */
import { useEffect, useState } from 'react';
import { announceMilestones } from '@/lib/lumi/announcer';
import { useServices } from '../services';

export function MilestoneAnnouncer() {
  const { streams, db } = useServices();
  const [text, setText] = useState('');
  useEffect(() => announceMilestones({ streams, db }, setText), [streams, db]);
  return (
    <p role="status" className="sr-only" data-testid="lumi-announcer">
      {text}
    </p>
  );
}
