/**
 * Text signals: what the user's next message says about the previous answer.
 * Rules over the user's own words (code, quotes and pasted logs set aside),
 * aware of negation ("not wrong"), questions ("is this wrong?"), politeness
 * ("no problem, thanks"), sarcasm ("great, now nothing compiles 🙃"),
 * retractions ("… oh wait, my bad") and mixed messages (thanks plus an error).
 */
import { signalOf, type DetectedSignal } from '../kinds';
import { CODE_PLACEHOLDER as C, clausesOf, isQuestion, splitMessage } from './normalize';
import { errorInOutputBlock, findPastedError } from './errors';
import { classifyFollowUp } from './follow-up';

export interface TextSignalInput {
  /** The question the answer was for. */
  prevUser?: string;
  /** The answer the message reacts to. */
  prevAssistant?: string;
  /** The user's next message. */
  message: string;
  /** Embedding similarity of `message` and `prevUser` (0..1), when an embedding model is available. */
  embeddingSimilarity?: number;
}

const NEG = String.raw`(?:not|no|never|nothing|isn't|isnt|wasn't|wasnt|aren't|ain't|hardly|without|doesn't|doesnt|don't|dont|didn't|didnt|won't|wont|can't|cant|cannot|n't)`;
// Negation reaches at most two words forward and never across punctuation ("no no, it works" is not negated).
const NEGATED_BEFORE = new RegExp(String.raw`\b${NEG}\b(?:\s+[\w']+){0,2}\s*$`);

function negatedAt(clause: string, index: number): boolean {
  return NEGATED_BEFORE.test(clause.slice(Math.max(0, index - 30), index));
}

function firstMatch(text: string, patterns: readonly RegExp[]): RegExpExecArray | undefined {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m) return m;
  }
  return undefined;
}

// ── sarcasm and retraction ────────────────────────────────────────────────
const IRONY_EMOJI = /(?:🙃|🙄|😒|😑|😬|🤦|🤡|😤|😩|😫|🥲|\/s\b)/u;
const BAD_OUTCOME =
  /\b(?:nothing|gone|deleted|wiped|lost|broke|broken|breaks|crash\w*|fails?|failed|errors?|conflicts?|another|dead|dies|corrupt\w*|ruined|destroyed|erased|down)\b/;
const PRAISE =
  /\b(?:thanks|thank you|thx|great|genius|awesome|cool|nice|perfect|brilliant|love it|wonderful|amazing|fantastic|lovely|excellent|great advice)\b/;

// "thanks a lot, now nothing compiles"; not "thanks a lot, works now" (the bad news must follow the "now").
const THANKS_A_LOT_NOW = new RegExp(String.raw`\bthanks a lot\b[,.!]*\s+(?:so\s+|and\s+)?now\b.*${BAD_OUTCOME.source}`);

/** "thanks for nothing", "great, now nothing compiles", "genius. it deleted …", "stash pop gave conflicts, great 🙃". */
function isSarcastic(prose: string): boolean {
  if (THANKS_A_LOT_NOW.test(prose)) return true;
  if (
    /\bthanks? for nothing\b|\bthanks a lot\b.*\b(?:broke|gone)\b|\bjust great\b|\bfantastic\.?\s*$|\bwell done\b.*\b(?:broke|gone|deleted)\b/.test(
      prose,
    )
  )
    return true;
  if (!PRAISE.test(prose)) return false;
  if (/(?:🙃|🙄|😒|😑|🤦|\/s\b)/u.test(prose)) return true;
  if (IRONY_EMOJI.test(prose) && BAD_OUTCOME.test(prose)) return true;
  return (
    new RegExp(
      String.raw`${PRAISE.source}[,.!]*\s+(?:now|it|this|that|another|so now)\b.{0,40}\b(?:nothing|all|every|gone|deleted|wiped|lost|broke|broken|crash\w*|fails?|error|another|whole|undefined|null)\b`,
    ).test(prose) ||
    /\b(?:another|again)\b.{0,60}\blove it\b/.test(prose) ||
    /\bthat was fun\b/.test(prose)
  );
}

/** "… oh wait, my bad", "nvm, works": the complaint before it was taken back. */
const RETRACTION =
  /^no,? no\b|\bthat'?s on me\b|\bon my (?:side|end)\b|\bmy (?:own )?(?:fault|typo)\b|\b(?:oh )?wait,? (?:no|nvm|never ?mind)\b|\b(?:nvm|never ?mind)\b|\bmy bad\b|\bmy mistake\b|\bignore (?:that|me|my last)\b|\bsorry,? (?:wrong|my bad)\b|\bwait that'?s fine\b|\boh wait you (?:wrote|did|said)\b|\bno it'?s fine\b/;

/** The part of the prose after the last retraction (or all of it). */
function afterRetraction(clauses: string[]): string[] {
  let last = -1;
  clauses.forEach((c, i) => {
    if (RETRACTION.test(c)) last = i;
  });
  if (last === -1) return clauses;
  const tail = clauses[last].replace(
    /^.*?(?:wait,? (?:no|nvm|never ?mind)|nvm|never ?mind|my bad|my mistake|ignore (?:that|me|my last)|wrong chat|wait that'?s fine|oh wait you \w+ (?:that|it)|no it'?s fine)[,.!]*\s*/,
    '',
  );
  return [...(tail ? [tail] : []), ...clauses.slice(last + 1)];
}

// ── thanks ────────────────────────────────────────────────────────────────
const THANKS: RegExp[] = [
  /^\S{1,12} (?:works?|worked)[!.]*$/,
  /\b(?:thanks?|thank you|thank u|thx|thnx|thanx|tysm|ty|tyvm|cheers|merci|danke|gracias|obrigad[oa]|appreciate(?:d| it)?|kudos|much appreciated)\b/,
  /\b(?:perfect|awesome|excellent|brilliant|amazing|fantastic|wonderful|superb|great|sweet|neat|nice|lovely|cool|legend|lifesaver|life saver|genius|beautiful|helpful|clear now|good to know|makes sense|that helps|this helps|very helpful)\b/,
  /(?:^|\b(?:it|this|that|which|everything|all|now it|and it|code|solution|fix|version|snippet|query|regex|command|one|approach|change|trick)\s+)(?:works?|worked|is working)\b(?!\s+(?:with|for)\s+(?:objects|arrays|strings|\w+s)\s*\?)/,
  /\b(?:it|this|that|everything|all|now it|and it|code|build|tests?)\s+(?:runs|ran|compiles|compiled|builds|built|passed|passes|pass)\b(?!\s+(?:but|though))/,
  /^(?:compiles|builds|passes|runs)\b/,
  /\b(?:fixed|solved|resolved|did the trick|does the trick|that did it|nailed it|spot on|exactly what i (?:needed|wanted)|just what i needed|that's it|thats it|that was it|makes sense now|got it working|all good|lgtm|looks good|good job|well done|love it|you rock|works for me|sorted|bingo|that's the one|thats the one|not bad)\b/,
  /(?:👍|🙏|🎉|❤️|💯|🙌|✅|😍|🔥|🥳|👌|🚢|🚀)/u,
  /^\+1\b|\bship it\b|\byou'?re right\b|\bfair enough\b|\bgood point\b|\bthat clears it up\b|\bcrystal clear\b|\bmakes total sense\b/,
  /\bth[an]{2}k(?:s|x|z)?\b|\bthnks\b|\bthans\b|\btahnks\b|\bthaks\b/,
  /(?:спасибо|заработало|работает|dzięki|działa|grazie|arigato|ありがとう|谢谢|감사|tack|takk|dank je|bedankt|obrigado|obrigada|funziona|funktioniert(?! nicht)|ça marche|ca marche|gracias|funciona(?! no)|merci|danke)/,
];

/** Approval that is about the user's own change, not the answer ("works after I changed …"). */
const OWN_FIX =
  /\b(?:after i|once i|when i|if i|myself|i had to|had to|i changed|i added|i replaced|i removed|i used|with my)\b/;

function detectThanks(clauses: string[], sarcastic: boolean): string | undefined {
  if (sarcastic) return undefined;
  for (const clause of clauses) {
    if (
      /\bno,? thanks?\b|\bthanks but no\b|\bno thank you\b/.test(clause) &&
      !/\b(?:that's fine|all i needed|all good|perfect|works)\b/.test(clause)
    )
      continue;
    const m = firstMatch(clause, THANKS);
    if (!m) continue;
    const word = m[0].trim();
    const polite = /\b(?:thanks?|thank you|thank u|thx|ty|tysm|cheers|appreciate)/.test(word);
    if (!polite && negatedAt(clause, m.index) && !/^not bad/.test(word)) continue;
    if (/^(?:no (?:problem|worries)|np)\b/.test(clause) && !polite) continue;
    if (isQuestion(clause) && !polite && !/\b(?:makes sense|good to know|nice|cool|great|perfect),/.test(clause))
      continue;
    const verbish = /(?:works?|worked|working|runs|ran|compiles|passed|passes|fixed|solved|resolved)\b/.test(word);
    // "thnaks thsi worked": a short clause ending in "worked" approves whatever its subject is.
    if (!verbish && /^\S+ (?:works?|worked)[!.]*$/.test(clause) && !negatedAt(clause, clause.length - 6)) return clause;
    if (verbish && OWN_FIX.test(clause)) continue;
    if (/\b(?:nice|great|cool|good) (?:try|catch)\b/.test(clause) && !polite) continue;
    return clause;
  }
  return undefined;
}

// ── said_wrong ────────────────────────────────────────────────────────────
const WORK_VERBS = String.raw`(?:work|works|working|compile|compiles|compiling|run|runs|running|build|builds|building|help|helps|helped|helping|fix|fixes|fixed|solve|solved|do (?:it|anything|that)|change anything|exist|make sense|match|matches|start|load|render|show|trigger)`;

/** A verdict: the user judges the answer ("wrong", "doesn't work", "nope", "still …"). */
const VERDICT: RegExp[] = [
  /\b(?:wrong|incorrect|inaccurate|not (?:correct|right|accurate|true|quite)|not it|not what i (?:asked|wanted|meant|need(?:ed)?|want)|opposite of what i)\b/,
  new RegExp(String.raw`\b${NEG}\s+(?:really\s+|even\s+|actually\s+|quite\s+|seem to\s+|seems to\s+)?${WORK_VERBS}\b`),
  /\b(?:neither|none of (?:them|these|those|it)) (?:works?|worked|helps?|compiles?)\b/,
  /\bstill\b(?! (?:works?|working|good|fine|valid|correct|useful|nice|great|thanks|need|want|learning|wondering|curious|prefer|think|the best|a (?:good|nice|great)))/,
  /\b(?:broken|busted|useless|nonsense|garbage|hallucinat\w*|made (?:that|it) up|makes no sense|not a thing|no luck|no dice|no joy|close but no|didn't do (?:it|anything|the trick)|did nothing|nothing happens|nothing changed|no change|no difference|same (?:thing|result|error|issue|problem|output|warning|answer)(?: as before| again)?)\b/,
  /^(?:nope|nah|nein|no+(?=[,.!\s]*$|[,.!]+\s|\s+(?:that|it|this|you|not|way|luck|dice)\b))/,
  /\bbut no[.!]*$/,
  /\b(?:you misunderstood|misunderstood|misread|you missed the point|answer the question|you ignored|you keep (?:giving|saying|repeating)|literally what i had|i said\b|didn't ask for that|not what i asked|should(?:'ve| have) (?:told|mentioned|warned|said))\b/,
  /\b(?:funktioniert nicht|geht nicht|no funciona|no anda|ne marche pas|marche pas|não funciona|non funziona|werkt niet|nie działa|funkar inte)\b|не работает/,
  /\b(?:(?:the )?other way (?:round|around)|the opposite|backwards|i meant\b|i mean with\b|that'?s not what i meant|not what i'?m asking|i was asking (?:about|for) something else|back to square one|does nothing|do nothing|did nothing|same as before)/,
  /\b(?:não funcion\w*|nao funcion\w*|no funcionó|n'a pas marché|hat nicht funktioniert)\b/,
  /^(?:it |this |that )?(?:does ?n[o']?t|did ?n[o']?t|does not|did not|wo ?n[o']?t)\s+(?!matter|need|have to|have any|seem to matter)[a-z]+/,
  /\b(?:does ?n[o']?t|do ?n[o']?t|wo ?n[o']?t|is ?n[o']?t|are ?n[o']?t)\b[^.?!]{0,50}\b(?:tho|though)\b/,
  /(?:👎|🤬|😡)/u,
];

/** A described failure: what went wrong when the answer was used ("it dies", "gives 12 but …"). */
const FAILURE: RegExp[] = [
  /\b(?:fails?|failed|failing|crash(?:es|ed|ing)?|breaks|broke|dies|died|hangs|freezes|loops? forever|errors out|blows up|exits (?:immediately|right away)|ended up|becomes)\b/,
  /\b(?:throws?|gives?|giving|getting|get|got|returns?|returned|prints?|printed|shows?|showed|outputs?)\s+(?:me\s+)?(?:an?\s+|the\s+|this\s+|some\s+|back\s+)?(?:error|exception|errors|warning|stack ?trace|traceback|nan|undefined|null|none|nil|empty|false|-1|0|404|500|blank)\b/,
  /\b(?:it|this|that|host|result|output|value|response|data|state|ref|the \w+) (?:is|are|comes back|stays|remains|was) (?:null|undefined|none|nil|empty|blank|zero|nan)\b/,
  /\b(?:gives|returns|prints|outputs|shows|get|got|i get|it gives)\b[^.!?]{1,40}\b(?:but|instead of|should be|expected|while|even though)\b/,
  /\b(?:gives|returns|prints|outputs|shows)\s+(?:me\s+)?(?:-?\d+|ⓠ|ⓒ|true|false)\s+(?:for|when|on|with|if|even)\b/,
  /\b(?:misses|skips|drops|loses|ignores|overwrites|deletes|deleted|removed|duplicates|double[- ]counts|locked|wiped|replaced)\b[^.!?]{0,50}(?:\b(?:too|also|everything|all|whole|last|first|focus|minutes|hours)\b|😬|🙄)/u,
  /\b(?:but not|only (?:works|goes|does|matches)|partly|half works|almost works)\b/,
  /\b(?:accepts|matches|allows|lets)\b[^.!?]{1,60}\b(?:which|that)\b[^.!?]{0,40}\b(?:not|isn't|shouldn't|invalid)\b/,
  /\bthere (?:is|'s) no (?:such )?(?:method|function|property|option|flag|module|package|api|command|attribute|hook|class|file|config)\b/,
  /\b(?:does ?n[o']?t|do ?n[o']?t) exist\b/,
  /\b(?:404|500|502|503)\b(?! (?:page|handler|route)s?\b)/,
  /\b(?:aren't|are not|isn't|is not|don't|doesn't) (?:in|showing|show up|there|included|appearing)\b|\b(?:is|are) missing\b|\bmissing from\b/,
  /\boff[- ]by[- ]one\b|\b(?:forever|stuck|never (?:finishes|ends|returns|loads|stops))\b|\bstays? <?\w+>? forever\b/,
  /^(?:it |this |that |which )?(?:misses|skips|ignores|drops|loses|breaks on|chokes on)\s+\S/,
  /\b(?:returns|gives|prints|shows)\b.{0,30}\bagain\b/,
  /\b(?:says|shows|prints|gives|returns)\b[^.!?]{0,30}\b(?:undefined|null|nan|none|nil)\b/,
  /\b(?:too (?:complicated|long|verbose|slow)|overkill|over-?engineered)\b/,
  /(?:🙄|😒|😑|🤦|😤|😬)/u,
];

/** The last sentence of the answer asks the user something ("Is this a TypeScript project?"). */
function answerAsked(prevAssistant: string | undefined): boolean {
  const tail =
    (prevAssistant ?? '')
      .replace(/```[\s\S]*?```/g, ' ')
      .trim()
      .split(/\n+/)
      .pop() ?? '';
  return /\?\s*$/.test(tail);
}

function detectWrong(
  units: string[],
  opts: { correction: boolean; error: boolean; prevAssistant?: string },
): string | undefined {
  const patterns = opts.correction ? VERDICT : [...VERDICT, ...FAILURE];
  for (const clause of units) {
    const m = firstMatch(clause, patterns);
    if (!m) continue;
    const hit = m[0];
    const isVerdict = VERDICT.some((p) => p.test(clause));
    if (
      /^(?:wrong|incorrect|inaccurate|broken|useless|fails?|failed|failing|crash|breaks)/.test(hit) &&
      negatedAt(clause, m.index)
    )
      continue;
    if (
      /\b(?:nothing|isn't anything|not much|no|not)\b(?:\s+\S+){0,1}\s+(?:wrong|incorrect)\b|\bdon't think\b.{0,30}\b(?:wrong|incorrect)\b/.test(
        clause,
      )
    )
      continue;
    // The user's own mistake, or someone else's opinion, is not a verdict on the answer.
    if (
      /\b(?:wrong (?:chat|window|tab|file|thread|person|snippet|paste|one)|i (?:did|was|had|typed|used|pasted)\b.{0,30}\bwrong|my (?:fault|mistake|bad|typo)|on my (?:side|end))\b/.test(
        clause,
      )
    )
      continue;
    if (
      /\b(?:says|said|thinks|claims|told me)\b.{0,30}\b(?:wrong|incorrect)\b/.test(clause) &&
      !/\bi said\b/.test(clause)
    )
      continue;
    if (
      /^still\b/.test(hit) &&
      (/\bstill,\s/.test(clause) || /\bstill (?:need|want|have|got|think|learning|curious|wondering)\b/.test(clause))
    )
      continue;
    if (
      /^(?:fails?|failed|failing|crash|breaks|broke|dies)/.test(hit) &&
      /\b(?:should fail|want it to fail|if it fails|when it fails|fails? gracefully|test (?:that|which) fails|make it fail|expected to fail)\b/.test(
        clause,
      )
    )
      continue;
    // "no" answering the answer's own question ("Is this a TypeScript project?" — "no, plain js").
    if (
      /^(?:no|nope|nah)\b/.test(clause) &&
      answerAsked(opts.prevAssistant) &&
      clause.split(/\s+/).length <= 6 &&
      !/\b(?:wrong|work|not it)\b/.test(clause)
    )
      continue;
    // A pasted error already says it failed; only the user's own verdict adds said_wrong.
    if (opts.error && !isVerdict) continue;
    if (
      isQuestion(clause) ||
      (!isVerdict && /^(?:how|what|why|check|find|make|write|get|show|can|could|please)\b/.test(clause))
    ) {
      // "why doesn't it work?", "are you sure?" complain; "is this wrong?" or "does it fail for X?" ask.
      const aboutAnswer =
        /\b(?:it|this|that|your (?:code|solution|answer|version|fix|example|snippet|regex|query)|the (?:code|solution|fix|above|query))\b/.test(
          clause,
        );
      const complaint =
        (/\bwhy (?:does ?n[o']?t|is ?n[o']?t|wo ?n[o']?t|does it (?:still )?(?:fail|crash|throw|break|loop)|am i (?:still )?getting|do i (?:still )?get|is it still)\b/.test(
          clause,
        ) &&
          aboutAnswer) ||
        /\b(?:are you sure|did you (?:even )?(?:read|test|try|check))\b/.test(clause) ||
        /^(?:why is it still|how is this still)\b/.test(clause);
      if (!complaint) continue;
    }
    return clause;
  }
  return undefined;
}

// ── user_corrected ────────────────────────────────────────────────────────
const FILLER = String.raw`(?:fine|ok|okay|good|working|enough|possible|easy|simple|done|able|straightforward|faster|better|ready|there|same)`;
const CONCRETE = /ⓒ|ⓠ|[\w.]\([^)]{0,40}\)|\w=\S|(?:^|\s)--?[a-z]/;
const CORRECTION: RegExp[] = [
  new RegExp(
    String.raw`\bshould(?:n't it)? (?:be|use|return|call|read|say|start|go|have|include|end)\b (?!${FILLER}\b)(.{1,})`,
  ),
  /\b(?:needs to|has to|must) (?:be|use|return|call|go|start|have) (.{1,})/,
  /\b(?:use|try|call|import|pass|add|set|run|put) (.{1,80}?) instead\b/,
  /(?:ⓒ|(?<![\w.])[\w.]+\(\)) instead of\b/,
  /\binstead of (.{1,60}?),? (?:use|call|do|write|it's|it is|try|just) (.{1,})/,
  /(?:^|[,;:] ?|\b(?:just|you can|better to|rather|simply|so|then|and) )(?:use|try|add|put|run|pass|set|call|wrap|import|keep|move|switch to|go with) (.{1,})/,
  /\b(?:you|u) (?:just )?(?:forgot|missed|need(?:ed)?|have to|should have|should've|must|don't (?:even )?need|do not need|can't|cannot|put|add|use|write|set|call|make|pass|wrap|import|return|await) (.{1,})/,
  /\bi'?d (?:keep|use|go with|rather|prefer|write|do|add|put)\b(.{1,})/,
  /\b(?:actually|in fact|fwiw|btw|tbh),? (?:it's|it is|you|the|that's|that is|\w+ is|ⓒ) ?(.{2,})/,
  /\b(?:it's|its|it is|that's|thats|that is|the (?:\w+ )?is) (ⓒ|[^\W_]*[.@/_()-][\w.@/()-]*) ?,? ?(?:not|rather than|instead of) (ⓒ|[\w.-]+)/,
  /\b(?:on|in|with|for) [\w.\s]{2,30}? it'?s (ⓒ.*)/,
  /\b(?:it's|its|it is) (ⓒ) ?(?:,|these days|now|nowadays|in)/,
  /\b(?:the )?(?:correct|right|proper|actual|real) (?:way|answer|syntax|flag|option|command|method|function|name|version|api|import|package|value|type|solution|fix|one) (?:is|would be|=) (.{2,})/,
  /\bthe (?:flag|option|method|function|command|prop|param|parameter|key|field|setting|config|hook|api) is (.{2,})/,
  /\b(?:replace|swap|change) (.{1,60}?) (?:with|to|for|by|into) (.{1,})/,
  /\b(?:has been|was|got) (?:renamed|replaced|moved|removed)\b(.{0,})/,
  /\brenamed (.{2,}) to (.{2,})/,
  /\b(?:is|was|has been|got) (?:deprecated|removed|discouraged)\b(.{0,})/,
  /\b(?:hasn't|has not|isn't|is not) been a thing\b(.{0,})/,
  /\bthere'?s no (.{1,})/,
  /\b(?:it's|its|it is) called (.{2,})/,
  /\bnot (ⓒ|[^\W_]*[.@/_()-][\w.@/()-]*),? (?:but|it's|its) (ⓒ|[\w.-]+)/,
  /^(?:no|nope|wrong|nah)[,.!]? (?:it's|its|it is|use|the|you|just)\b ?(.{2,})/,
  /^(?:no|nope|nah|wrong)[,.!]* ?(?:just )?ⓒ[.!]*$/,
  /ⓒ (?:isn't|is not|aren't|are not) (?:needed|necessary|required)\b/,
  /\b(?:fixed it|solved it|got it working) (?:myself|by)\b(.{0,})/,
  /\b(?:had to|i had to|needed to|just needed to) (?:add|change|use|set|remove|put|replace|install|enable|pass)\b(.{2,})/,
  /\b(?:works|worked|working) (?:after|once|when) i\b(.{2,})/,
  /(?:ⓒ|(?<![\w.])[\w.]+\(\)) (?:is|was|would be) (?:simpler|shorter|cleaner|faster|better|more (?:readable|idiomatic|efficient)|safer|the way|what i wanted|enough)\b/,
  /\b(?:is|are) what i (?:wanted|meant|needed|was looking for)\b/,
  /\b(?:otherwise|or else)\b.{2,}/,
  /\b(?:you|u)(?:'re| are) not supposed to\b(.{2,})|\b(?:convention|idiom|the usual way) is\b(.{2,})/,
  /^ⓒ ?(?:so|because|since|as|—|-|,|:) ?\S/,
  /\b(?:needed|needs|need|requires?|required) ⓒ/,
  /\b(?:fixes|fixed|solves|solved) it\b/,
  /\b(?:is|it's|its|on|at|uses?|runs? on|listens on) (ⓒ|\d[\w.:]*|[A-Za-z_-]*\d[\w.:-]*),? not (ⓒ|\d[\w.:]*|[\w.-]+)/,
  /\bisn'?t a thing\b(.{2,})|\bdoesn'?t exist in\b(.{2,})/,
  /\b(?:went with|switched to|ended up (?:using|with)|i used) (.{1,})/,
  /\b(?:is|are) (?:the one|what) you want\b/,
  /\byou'?d (?:want|need|use|better)\b(.{2,})/,
  /\bshould (?!be\b)[a-z]+\b.{0,40}(ⓒ)/,
  /(?:ⓒ|(?<![\w.])[\w.]+\([^)]{0,40}\)) (?:reads|looks|is) (?:nicer|better|cleaner|simpler)\b/,
];

function detectCorrection(clauses: string[], hasCode: boolean): string | undefined {
  // "nope." then "`npm i -D eslint`": a bare verdict followed by nothing but code.
  for (let i = 1; i < clauses.length; i++) {
    if (/^(?:no|nope|nah|wrong|incorrect)[.!]*$/.test(clauses[i - 1]) && /^(?:just\s+|try\s+)?ⓒ[.!]*$/.test(clauses[i]))
      return `${clauses[i - 1]} ${clauses[i]}`;
  }
  for (const clause of clauses) {
    const question = isQuestion(clause);
    // "should I use X instead?" asks; "shouldn't it be X? otherwise …" corrects.
    if (question && !/^(?:no|nope|actually)\b|\bshouldn't it be\b|\bisn't it\b.*\bnot\b/.test(clause)) continue;
    const m = firstMatch(clause, CORRECTION);
    if (!m) continue;
    const hit = m[0];
    const concrete = CONCRETE.test(hit) || CONCRETE.test(clause);
    // A tip on top of an answer that stands ("fyi add --follow …") is not a correction.
    if (
      /\b(?:fyi|you can also|could also|also works|as well|tip|bonus|in addition|additionally|optionally|alternatively)\b/.test(
        clause,
      ) &&
      !/\b(?:instead|not|should|forgot|wrong|missed|need|needed|otherwise|fix)\b/.test(clause)
    )
      continue;
    // Agreeing with the answer ("like you said") is not correcting it.
    if (
      /\b(?:like you said|as you said|you're right|youre right|as you mentioned|like you mentioned|as you wrote)\b/.test(
        clause,
      )
    )
      continue;
    // Requests for more ("can you add tests", "please use TypeScript") are new asks, not fixes.
    if (
      /\b(?:can you|could you|would you|will you|i want|i'd like|let's|lets|how (?:do|can|would)|pls|please)\b/.test(
        clause.slice(0, m.index + 8),
      ) &&
      !/\binstead\b|\bnot\b|\bactually\b|\bforgot\b|\bshould be\b/.test(clause)
    )
      continue;
    if (
      /^[,;:]?\s*(?:and\s+)?(?:use|try|add|put|run|pass|set|call|wrap|import|keep|move|switch to|go with)\b/.test(
        hit.trim(),
      ) &&
      !concrete
    )
      continue;
    if (/^(?:otherwise|or else)/.test(hit) && !hasCode && !/\bshould|\buse\b|\bneed/.test(clause)) continue;
    if (
      /\b(?:you (?:just )?(?:need|have to|must|put|add|use|write|set|call|make|pass|wrap|import|return|await))\b/.test(
        hit,
      ) &&
      !concrete &&
      !/\b(?:forgot|missed|also|first|actually|instead|not|otherwise|or)\b/.test(clause)
    )
      continue;
    if (/\byou can'?t|you cannot\b/.test(hit) && !concrete) continue;
    if (
      /\bthe (?:flag|option|method|function|command|prop|param|parameter|key|field|setting|config|hook|api) is\b/.test(
        hit,
      ) &&
      !concrete
    )
      continue;
    if (/\bthere'?s no\b/.test(hit) && !concrete && !/\bconfig|option|flag|method|such\b/.test(hit)) continue;
    if (/\bshould(?:n't it)? be\s+-?\d[\d,.]*\b/.test(hit)) continue; // an expected value, not a fix ("the total should be 340")
    if (/\bi'?d\b/.test(hit) && !concrete) continue;
    if (/^(?:actually|in fact|fwiw|btw|tbh)\b/.test(hit.trim()) && !concrete) continue;
    if (
      /\bdeprecated|removed|discouraged|been a thing\b/.test(hit) &&
      !/\b(?:it's|its|is|was|has|hasn't|that|this|ⓒ|\w+)\b/.test(clause)
    )
      continue;
    if (/\b(?:is|are) what i\b/.test(hit) && !clause.includes(C)) continue;
    return clause;
  }
  return undefined;
}

/** The user's own words for a correction, with code put back. */
function originalOf(clause: string, message: string, inline: string[]): string {
  let i = 0;
  const restored = clause.replace(/ⓒ/g, () => `\`${inline[i++] ?? '…'}\``);
  // Prefer the exact sentence from the message when it can be found.
  const probe = restored.replace(/[`"']/g, '').slice(0, 24).toLowerCase();
  const sentences = message.split(/(?<=[.!?])\s+|\n+/);
  const found = sentences.find((s) => s.replace(/[`"']/g, '').toLowerCase().includes(probe));
  return (found ?? restored).trim().slice(0, 400);
}

// The open-ended phrases ("let me check …") take the rest of the line themselves,
// apart from the closing [.!]*, so the two can never trade characters.
const SMALL_TALK =
  /^(?:(?:ok(?:ay)?|k|kk|hmm+|hm+|wait|brb|sure|alright|right|i see|got it|ah|oh|lol|yes|yeah|yep|yup|no|\.|\?+|will try(?: (?:it|that|tomorrow|later))?|trying now|testing)[.!]*|(?:let me (?:check|try|see)|hold on|one sec)\b.*)$/;

/** The text signals of `message` as a reaction to the previous answer. */
export function detectTextSignals(input: TextSignalInput): DetectedSignal[] {
  const message = input.message ?? '';
  const parts = splitMessage(message);
  const allClauses = clausesOf(parts.prose);
  const clauses = afterRetraction(allClauses);
  const retracted = clauses.length !== allClauses.length || clauses.join(' ') !== allClauses.join(' ');
  const hasCode = parts.inline.length > 0 || parts.fenced.length > 0;
  const signals: DetectedSignal[] = [];

  const blockError = [...parts.fenced, ...parts.inline.filter((c) => c.length > 24)]
    .filter((b) => !(input.prevAssistant ?? '').includes(b.trim()))
    .map(errorInOutputBlock)
    .find(Boolean);
  const pasted = retracted ? undefined : (findPastedError(parts.raw, input.prevAssistant) ?? blockError);
  const errorAsked =
    pasted &&
    (/^(?:in general|just curious|before your change|before that|earlier)\b/.test(parts.prose) ||
      /\b(?:different thing|unrelated|new question|another question|different question|on another note)\b/.test(
        parts.prose,
      ) ||
      (/^(?:what does|what's|whats|what is)\b.*\b(?:mean|about)\b/.test(parts.prose) && parts.fenced.length === 0));
  if (pasted && !errorAsked) signals.push(signalOf('code_error', pasted));

  const sarcastic = isSarcastic(parts.prose);
  const correction = detectCorrection(clauses, hasCode);
  if (correction) {
    const words = originalOf(correction, message, parts.inline);
    signals.push(signalOf('user_corrected', words, { correction: words }));
  }
  const sentences = parts.prose
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((x) => x.trim())
    .filter(Boolean);
  const units = [...new Set([...clauses, ...afterRetraction(sentences)])];
  const wrong = sarcastic
    ? parts.prose
    : detectWrong(units, {
        correction: !!correction,
        error: !!(pasted && !errorAsked),
        prevAssistant: input.prevAssistant,
      });
  if (wrong) signals.push(signalOf('said_wrong', wrong));

  const thanks = detectThanks(clauses, sarcastic);
  if (thanks) signals.push(signalOf('thanks', thanks));

  const negative = signals.some((s) => s.polarity < 0);
  if (SMALL_TALK.test(parts.prose)) return signals;

  const follow = classifyFollowUp({
    message,
    complaint: negative,
    prose: clauses.join('\n'),
    prevUser: input.prevUser,
    prevAssistant: input.prevAssistant,
    embeddingSimilarity: input.embeddingSimilarity,
  });
  // Asking again is a signal whatever else the message says; moving on only counts when nothing went wrong.
  if (follow.kind === 'repeat' && !signals.some((s) => s.kind === 'user_corrected'))
    signals.push(signalOf('repeated_question', follow.evidence));
  else if (follow.kind === 'new' && !negative) signals.push(signalOf('no_followup', follow.evidence));
  return signals;
}
