/** Codelumi's mark: code brackets around a small light. */
export function Logo({ className = 'h-6 w-6' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <defs>
        <radialGradient id="lumi-glow" cx="50%" cy="50%" r="50%">
          <stop offset="0%" stopColor="#fde68a" />
          <stop offset="60%" stopColor="#f59e0b" />
          <stop offset="100%" stopColor="#f59e0b" stopOpacity="0" />
        </radialGradient>
      </defs>
      <rect x="1" y="1" width="30" height="30" rx="8" fill="#6d28d9" />
      <circle cx="16" cy="16" r="7" fill="url(#lumi-glow)" />
      <circle cx="16" cy="16" r="3.2" fill="#fffbeb" />
      <path
        d="M10 10.5 5.5 16 10 21.5M22 10.5 26.5 16 22 21.5"
        fill="none"
        stroke="#fff"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
