/**
 * What the verdicts say about a model: wins, losses and ties against the
 * models it was compared with, and a rate in which a tie counts half.
 */
import type { ModelComparison } from '../../core/records';

export interface WinRate {
  wins: number;
  losses: number;
  ties: number;
  /** wins + losses + ties. */
  judged: number;
  /** (wins + ties / 2) / judged, in [0, 1]; undefined when nothing was judged. A tie counts half a win. */
  rate: number | undefined;
}

/** The model on the other side of `row` from `model` (undefined when `model` is on neither side). */
export function opponentIn(row: ModelComparison, model: string): string | undefined {
  if (row.candidate === model) return row.baseline;
  if (row.baseline === model) return row.candidate;
  return undefined;
}

/**
 * `model`'s record over `rows`, from its own side whichever role it had (a
 * win for the candidate is a loss for the baseline; "same" is a tie for both).
 * With `against`, only the verdicts against that model count. Rows that do
 * not involve `model` are ignored.
 */
export function winRate(rows: readonly ModelComparison[], model: string, against?: string): WinRate {
  let wins = 0;
  let losses = 0;
  let ties = 0;
  for (const row of rows) {
    const opponent = opponentIn(row, model);
    if (opponent === undefined || (against !== undefined && opponent !== against)) continue;
    if (row.verdict === 'same') ties++;
    else if (row[row.verdict] === model) wins++;
    else losses++;
  }
  const judged = wins + losses + ties;
  return { wins, losses, ties, judged, rate: judged ? (wins + ties / 2) / judged : undefined };
}

/** `model`'s record against each model it was compared with, most judged first (then by name). */
export function winRatesByOpponent(
  rows: readonly ModelComparison[],
  model: string,
): { against: string; result: WinRate }[] {
  const opponents = new Set(rows.map((r) => opponentIn(r, model)).filter((o): o is string => o !== undefined));
  return [...opponents]
    .map((against) => ({ against, result: winRate(rows, model, against) }))
    .sort((a, b) => b.result.judged - a.result.judged || a.against.localeCompare(b.against));
}

/** "Won 3, lost 1, 1 tie against qwen2.5-coder:7b" (counts of zero are still said, so the sentence reads the same way each time). */
export function describeWinRate(result: WinRate, against: string): string {
  const ties = `${result.ties} ${result.ties === 1 ? 'tie' : 'ties'}`;
  return `Won ${result.wins}, lost ${result.losses}, ${ties} against ${against}`;
}
