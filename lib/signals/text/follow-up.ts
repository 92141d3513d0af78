/**
 * What kind of follow-up a message is, when it asks something: the same
 * question again (a repeat, rephrased or not), a clarification of the answer
 * just given (neither good nor bad news), or a new question (the user moved
 * on: the answer needed no follow-up).
 */
import { contentWords, isQuestion, stem, STOP_WORDS } from './normalize';
import { questionSimilarity } from './similarity';

export interface FollowUpInput {
  message: string;
  /** The message's own words, normalised (see splitMessage), clause per line. */
  prose: string;
  prevUser?: string;
  prevAssistant?: string;
  embeddingSimilarity?: number;
  /** The message also says the answer failed (then asking along the same lines is asking again). */
  complaint?: boolean;
}

export type FollowUp = { kind: 'repeat' | 'clarify' | 'new' | 'none'; evidence: string };

const REQUEST_START =
  /^(?:(?:ok(?:ay)?|so|and|also|then|now|next|cool|great|thanks|thx|ty|nice|perfect|btw|one more(?: thing)?|another (?:one|question)|quick question|new thing|sure|yes|yeah|yep)[,.!:]?\s+)*(?:how|what|why|when|where|which|who|can you|could you|would you|will you|please|pls|write|show|explain|implement|add|create|make|convert|refactor|rewrite|generate|give|help|list|sort|find|fix|build|set ?up|tell me|is there|are there|any (?:way|idea)|i need|i want|need|do i|should i|is it|does it|difference between|compare|translate|port|optimi[sz]e|do (?:it|this|that|the same))\b/;

const ASKS_FOR_WORK =
  /\b(?:write|show me|give me|implement|create|generate|build|example|examples|snippet|how (?:do|would|can) i (?:write|implement|add|make|set up|build|create|do that|do it))\b|\b(?:pls|please|plz)\s*$/;

/** Explicit "new topic" words. */
const NEW_TOPIC =
  /\b(?:next thing|bigger picture|different question|unrelated|new question|another question|separate question|other question|switching topics?|on another note|while i have you|(?:one )?last thing|one more thing|something else)\b/;

const CONTINUATION =
  /^(?:(?:np|thanks?|thx|ok(?:ay)?|cool|great|nice|perfect)[,.!]*\s+)?(?:and|now|also|what about|how about|ok(?:ay)?,? (?:and|now)|then|next|one more|another|same (?:for|with|thing for)|cool,? (?:and|now)|thanks?,? (?:now|and|one more)|great,? (?:now|and)|sure,? (?:and|also)|new thing)\b|\b(?:the same (?:way|thing for)|(?:the )?same (?:apply|applies|work|works) (?:to|for)|as well|too\??$|instead of (?:a|the) \w+)\b/;

const REPHRASE =
  /\b(?:still (?:fuzzy|lost|confused|unclear|don'?t see|not clear)|i meant|i want(?:ed)? (?:it|to)|not what i (?:meant|asked)|again\b(?!\s*\?)|i (?:asked|meant|mean|said)|my question (?:was|is)|let me rephrase|to rephrase|in other words|to clarify what i|i repeat|what i want(?:ed)? (?:is|was) (?:how|to)|still don'?t (?:get|understand)|differently|one more time|simpler)\b/;

/** Questions about the answer just given: what a part means, why it is so, whether it is right. */
const CLARIFY: RegExp[] = [
  /\byou (?:mentioned|said|used|wrote|suggested|recommend(?:ed)?)\b/,
  /\bin your (?:answer|code|example|snippet|version|reply)\b/,
  /\bthe (?:first|second|third|last|other|above|previous|1st|2nd) (?:one|option|version|approach|example|snippet|solution|way|part|line)\b/,
  /\b(?:this|that|the) (?:line|part|bit|step|stage|flag|option)\b/,
  /\bexplain (?:it|this|that) (?:shorter|simpler|again|differently|better|in \w+ sentences)\b|\bexplain it\b/,
  /(?<!\s),?\s*right(?:\s*\?)?\s*$/,
  /\bagain\s*\?\s*$/,
  /\bthe same(?: thing)? (?:as|right)\b|\bis (?:that|this|it) the same\b/,
  /^(?:(?:so|and|hm+|oh)[, ]+)?(?:wouldn't|couldn't|shouldn't|doesn't|isn't|won't|aren't|can't)\b/,
  /\bwhat'?s the point of\b|\bwhy not (?:just )?\b|\bwhy does (?:it|this|that) matter\b/,
  /\b(?:where|how) (?:exactly )?(?:do|should|would) i (?:put|use|call|run|place|add) (?:this|that|it)\b/,
  /\bdoes (?:this|that|it) (?:also )?(?:fix|solve|handle|cover|work for) (?:that|this|it)\b/,
  /\bon purpose\b|\bis (?:this|that|it) (?:correct|right|ok|okay|safe|fine|wrong|needed|necessary|required)\b/,
  /\bwhat does (?:the |this |that )?ⓒ\b|\bwhy ⓒ/,
  /\bmeans? here\b|\bhere\s*\?\s*$/,
  /^so\b[^?]*\?\s*$/,
];

/** Yes/no questions about the answer itself ("is this case sensitive?", "does it copy the list"). */
const YES_NO_ABOUT_IT =
  /^(?:(?:so|and|but|ok(?:ay)?|hm+|oh|like)[, ]+)?(?:is|are|does|do|did|will|would|can|could|should)\s+(?:it|this|that|these|those|ⓒ|my|the (?:first|second|above|\w+ (?:one|version)))\b/;

/** General questions that merely start like a yes/no ("is it wrong to clone everywhere?"). */
const GENERAL_YES_NO =
  /^(?:is|are) (?:it|there) (?:ok|okay|wrong|bad|fine|possible|better|worth|normal|common|safe) to\b(?!.*\b(?:like (?:that|this)|this way|that way|here)\b)|^is there\b/;

/** Distinctive terms of a text: code-ish tokens and longer words that are not stop words. */
function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().match(/[a-z_$][\w$.:-]*(?:\(\))?|--?[a-z][\w-]*/g) ?? []) {
    const t = raw.replace(/(?<![.:-])[.:-]+$/, '');
    if (t.length < 3 || STOP_WORDS.has(t)) continue;
    out.add(stem(t));
  }
  return out;
}

/** The inline code spans of the message, as typed. */
function inlineCode(message: string): string[] {
  return [...message.replace(/```[\s\S]*?(```|$)/g, '').matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1].trim())
    .filter(Boolean);
}

function answerAskedSomething(prevAssistant: string | undefined): boolean {
  const tail =
    (prevAssistant ?? '')
      .replace(/```[\s\S]*?```/g, ' ')
      .trim()
      .split(/\n+/)
      .pop() ?? '';
  return /\?\s*$/.test(tail);
}

function isRequest(clause: string): boolean {
  return (
    isQuestion(clause) ||
    REQUEST_START.test(clause) ||
    (clause.split(/\s+/).length <= 6 && /\b(?:example|pls|please|plz)\b/.test(clause))
  );
}

/** Classifies a follow-up message. */
export function classifyFollowUp(input: FollowUpInput): FollowUp {
  const clauses = input.prose.split('\n').filter(Boolean);
  const prose = clauses.join(' ');
  if (!prose.trim()) return { kind: 'none', evidence: '' };
  const continuing = CONTINUATION.test(prose);

  if (input.prevUser) {
    const sim = Math.max(questionSimilarity(input.message, input.prevUser), input.embeddingSimilarity ?? 0);
    const before = new Set(contentWords(input.prevUser));
    const novel = [...new Set(contentWords(input.message))].filter((w) => !before.has(w));
    const rephrased = REPHRASE.test(prose);
    // Each word the new message adds that the old one lacked is a hint it asks something else.
    const score = sim - 0.08 * novel.length;
    const insist =
      /\b(?:the actual answer|in (?:normal|plain|simple) (?:words|english|terms)|like i'?m (?:five|5)|eli5|just (?:tell me|the)|i just want)\b/.test(
        prose,
      );
    const confused =
      /\bstill (?:don'?t|do not) (?:get|understand|see)\b|\bstill (?:fuzzy|lost|confused|unclear)(?=\s*$|[\s.!,?]+(?:tbh|honestly|sorry|\p{Extended_Pictographic}|$))/u.test(
        prose,
      );
    // With a complaint, only an actual question can be the same question asked again.
    const asks = clauses.some(isRequest);
    const repeat =
      sim >= 0.9 ||
      confused ||
      (rephrased && sim >= 0.25 && (asks || !input.complaint)) ||
      ((input.complaint || insist) && !continuing && sim >= 0.3 && asks) ||
      (!continuing && score >= 0.42 && (asks || !input.complaint));
    if (repeat)
      return { kind: 'repeat', evidence: `Asked again (similarity ${sim.toFixed(2)}): ${input.message.slice(0, 200)}` };
  }

  if (NEW_TOPIC.test(prose)) {
    const ask = clauses.find(isRequest) ?? prose;
    return { kind: 'new', evidence: `Moved on: ${ask.slice(0, 200)}` };
  }

  // Accepting an offer the answer made ("Want tests too?" — "yes pls, with pytest") is a new request.
  if (
    /^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please|pls|go ahead|do it)\b/.test(prose) &&
    answerAskedSomething(input.prevAssistant) &&
    clauses.join(' ').split(/\s+/).length > 1
  ) {
    return { kind: 'new', evidence: `Moved on: ${prose.slice(0, 200)}` };
  }

  // Terse repeats ("read json file python") need no question form; anything else must ask something.
  const request = clauses.find(isRequest);
  if (!request) return { kind: 'none', evidence: '' };
  if (ASKS_FOR_WORK.test(request) || continuing) return { kind: 'new', evidence: `Moved on: ${request.slice(0, 200)}` };

  const general = GENERAL_YES_NO.test(request);
  if (!general && (CLARIFY.some((p) => p.test(request)) || YES_NO_ABOUT_IT.test(request)))
    return { kind: 'clarify', evidence: request };

  if (input.prevAssistant) {
    const answer = input.prevAssistant;
    // A question about a piece of the answer's own code ("what does the `--` after mv do?").
    if (isQuestion(request) && inlineCode(input.message).some((code) => code.length >= 1 && answer.includes(code)))
      return { kind: 'clarify', evidence: request };
    const answerTerms = terms(answer);
    const asked = [...terms(request)].filter((t) => !/^(?:how|what|why|does|is|are|can|could|would|should)$/.test(t));
    const inAnswer = asked.filter((t) => answerTerms.has(t));
    const yesNo =
      /^(?:(?:so|and|ok(?:ay)?|hm+|oh|like)[, ]+)?(?:is|are|does|do|did|will|would|can|could|should)\b/.test(request) &&
      inAnswer.length > 0 &&
      inAnswer.length >= asked.length - 1;
    const focused = asked.length > 0 && inAnswer.length === asked.length && request.split(/\s+/).length <= 10;
    const explainTerm =
      /^(?:(?:so|and|ok(?:ay)?|hm+)[, ]+)?(?:what(?:'s| is| are| does)|why|how does|whats)\b/.test(request) &&
      inAnswer.length > 0 &&
      inAnswer.length >= asked.length - 1;
    if (!general && (yesNo || focused || explainTerm)) return { kind: 'clarify', evidence: request };
  }
  return { kind: 'new', evidence: `Moved on: ${request.slice(0, 200)}` };
}
