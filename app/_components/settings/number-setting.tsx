'use client';

/**
 * A whole-number setting: its name, a line saying what it does, and a number
 * field. What is typed is rounded down and kept within [min, max]; an empty
 * or unreadable field saves `fallback`.
 */
export function NumberSetting(props: {
  label: string;
  help: string;
  value: number;
  min: number;
  max?: number;
  step?: number;
  fallback: number;
  wide?: boolean;
  onSave(value: number): void;
}) {
  const { label, help, value, min, max = Number.MAX_SAFE_INTEGER, step, fallback, wide, onSave } = props;
  return (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      <span className="block text-muted">{help}</span>
      <input
        type="number"
        min={min}
        max={max === Number.MAX_SAFE_INTEGER ? undefined : max}
        step={step}
        value={value}
        onChange={(e) => onSave(Math.min(max, Math.max(min, Math.floor(Number(e.target.value) || fallback))))}
        className={`mt-1 block ${wide ? 'w-40' : 'w-28'} rounded-lg border border-border bg-bg px-3 py-2 text-sm`}
      />
    </label>
  );
}
