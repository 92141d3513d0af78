/**
 * The signal detector the app runs on every next message: the learned model
 * (model.json) decides which text signal, if any, the message carries and how
 * sure it is (a calibrated probability, not a fixed prior); the rules
 * (../text/detect) are among its features and still supply the evidence words,
 * the correction text and no_followup for a message that moves on.
 */
import { evidenceOf, signalOf, SIGNAL_SPECS, type DetectedSignal, type SignalKind } from '../kinds';
import { detectTextSignals } from '../text/detect';
import { adaptedLogits, type Adaptation } from './adapt';
import { featurize, seenByModel, type SignalInput } from './features';
import {
  decideKinds,
  negativeProbability,
  loadModel,
  softmax,
  type ModelClass,
  type SignalModel,
  type SignalModelFile,
} from './model';
import shipped from './model.json';

let loaded: SignalModel | undefined;

/** The model shipped with the app (loaded once). */
export function shippedModel(): SignalModel {
  loaded ??= loadModel(shipped as unknown as SignalModelFile);
  return loaded;
}

export interface DetectOptions {
  model?: SignalModel;
  /** What the model learned from this user's corrections (adapt.ts). */
  adaptation?: Adaptation;
}

/** What the model said about one message: every class's probability and the class it settled on. */
export interface SignalReading {
  probs: Record<ModelClass, number>;
  /** The first kind decided, or new_question when none. */
  decided: ModelClass;
  signals: DetectedSignal[];
  /** The model's two likeliest classes were close (see isUnclear): a reading worth a second opinion. */
  unclear: boolean;
}

/**
 * How close the two likeliest classes may be before a reading counts as
 * unclear. On the training rows, readings under this margin (about a third)
 * were right 38 % of the time, the rest 71 %.
 */
export const UNCLEAR_MARGIN = 0.15;

/** True when the likeliest class leads the next by less than UNCLEAR_MARGIN. */
export function isUnclear(probs: Readonly<Record<string, number>>): boolean {
  const [first = 0, second = 0] = Object.values(probs).sort((a, b) => b - a);
  return first - second < UNCLEAR_MARGIN;
}

/** Reads a message: the model's probabilities, its decision, and the signals to store. */
export function readSignals(given: SignalInput, options: DetectOptions = {}): SignalReading {
  const model = options.model ?? shippedModel();
  const input = seenByModel(given);
  const rules = detectTextSignals(input);
  const x = featurize(input, model.file.features, rules);
  const probs = softmax(adaptedLogits(model, x, options.adaptation), model.file.temperature);
  const classes = model.file.classes;
  const byClass = Object.fromEntries(classes.map((c, i) => [c, probs[i]])) as Record<ModelClass, number>;
  // Embedding similarity is context the training data never had: a repeat the rules found on it stands.
  const ruleKinds = rules.map((r) => r.kind);
  const kinds = decideKinds(model.file, probs, ruleKinds);
  if (
    input.embeddingSimilarity !== undefined &&
    ruleKinds.includes('repeated_question') &&
    !kinds.includes('repeated_question')
  )
    kinds.push('repeated_question');
  const negative = negativeProbability(classes, probs);
  const signals: DetectedSignal[] = [];
  let first = true;
  for (const kind of kinds as SignalKind[]) {
    const rule = rules.find((s) => s.kind === kind);
    const words = rule?.evidence ?? evidenceOf(input.message);
    const extra = kind === 'user_corrected' ? { correction: rule?.correction ?? evidenceOf(input.message) } : {};
    // The main negative signal carries how sure the model is that the message counts against the answer at all;
    // further kinds from the same message carry only their own share (one message is one piece of evidence).
    const p =
      SIGNAL_SPECS[kind].polarity < 0 && first
        ? Math.max(
            negative,
            rule && input.embeddingSimilarity !== undefined
              ? SIGNAL_SPECS[kind].confidence * input.embeddingSimilarity
              : 0,
          )
        : byClass[kind as ModelClass];
    if (SIGNAL_SPECS[kind].polarity < 0) first = false;
    signals.push({ ...signalOf(kind, words, extra), confidence: round(p) });
  }
  if (signals.length === 0) {
    // Moving on is weak good news; only as sure as the model is that nothing went wrong.
    const moved = rules.find((s) => s.kind === 'no_followup');
    if (moved)
      signals.push({
        ...moved,
        confidence: round(Math.min(SIGNAL_SPECS.no_followup.confidence, byClass.new_question)),
      });
  }
  const decided: ModelClass = kinds[0] ?? 'new_question';
  return { probs: byClass, decided, signals, unclear: isUnclear(byClass) };
}

/** The text signals of the user's next message (see readSignals). */
export function detectSignals(input: SignalInput, options: DetectOptions = {}): DetectedSignal[] {
  return readSignals(input, options).signals;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
