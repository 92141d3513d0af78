'use client';
/** The four privacy tiers as one radio group: each with what it shares and what it receives. */
import { PRIVACY_TIERS, TIER_SPECS, type PrivacyTier } from '@/lib/privacy/tiers';

export function TierChoice({
  name,
  legend,
  value,
  onChange,
  disabled = false,
}: {
  /** The radio group's name (one per group on the page). */
  name: string;
  legend: string;
  value: PrivacyTier;
  onChange: (tier: PrivacyTier) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="text-sm" disabled={disabled}>
      <legend className="font-medium">{legend}</legend>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {PRIVACY_TIERS.map((tier) => {
          const spec = TIER_SPECS[tier];
          const id = `${name}-${tier}`;
          return (
            <label
              key={tier}
              htmlFor={id}
              className="flex cursor-pointer items-start gap-2 rounded-lg border border-border p-3 has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent"
            >
              <input
                id={id}
                type="radio"
                name={name}
                value={tier}
                checked={value === tier}
                onChange={() => onChange(tier)}
                aria-describedby={`${id}-what`}
                className="mt-0.5 h-4 w-4"
              />
              <span>
                <span className="font-medium">
                  {spec.name}
                  {tier === 0 && <span className="font-normal text-muted"> (default)</span>}
                </span>
                <span id={`${id}-what`} className="block text-muted">
                  Shares: {spec.shares.toLowerCase()}. Receives: {spec.receives.toLowerCase()}.
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
