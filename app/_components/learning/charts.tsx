'use client';
/**
 * The dashboard's charts (Recharts, loaded only with this page). Colours come
 * from CSS variables so they follow light and dark mode; each chart also has
 * its numbers as a table for screen readers.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardData } from '@/lib/learning/dashboard';
import { SIGNAL_KINDS, SIGNAL_SPECS } from '@/lib/signals/kinds';

/** One colour per signal kind: greens/teals for positive, reds/oranges for negative. */
export const KIND_COLORS: Record<string, string> = {
  code_ran_ok: '#16a34a',
  tests_passed: '#0d9488',
  code_copied: '#2563eb',
  thanks: '#7c3aed',
  no_followup: '#65a30d',
  repeated_question: '#ea580c',
  said_wrong: '#dc2626',
  code_error: '#b45309',
  user_corrected: '#db2777',
  left_immediately: '#64748b',
};

const axis = { stroke: 'var(--muted)', fontSize: 11 };
const tooltipStyle = {
  background: 'var(--bg)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  color: 'var(--fg)',
  fontSize: 12,
};

export function SignalsOverTime({ data }: { data: DashboardData['signalsByDay'] }) {
  const rows = data.map((d) => ({ day: d.day.slice(5), ...d.counts }));
  const used = SIGNAL_KINDS.filter((k) => data.some((d) => d.counts[k] > 0));
  return (
    <figure>
      <div className="h-64" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis dataKey="day" tick={axis} tickLine={false} axisLine={{ stroke: 'var(--border)' }} />
            <YAxis allowDecimals={false} tick={axis} tickLine={false} axisLine={false} />
            <Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--subtle)' }} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {used.map((k) => (
              <Bar
                key={k}
                dataKey={k}
                name={SIGNAL_SPECS[k].label}
                stackId="signals"
                fill={KIND_COLORS[k]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Signals per day by kind</caption>
        <thead>
          <tr>
            <th>Day</th>
            {used.map((k) => (
              <th key={k}>{SIGNAL_SPECS[k].label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data
            .filter((d) => used.some((k) => d.counts[k] > 0))
            .map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                {used.map((k) => (
                  <td key={k}>{d.counts[k]}</td>
                ))}
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}

export function OutcomesByTopic({ data }: { data: DashboardData['topics'] }) {
  const rows = data.map((t) => ({ topic: t.topic, share: Math.round(t.share * 100), answers: t.answers }));
  return (
    <figure>
      <div style={{ height: Math.max(120, rows.length * 34 + 40) }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 0, left: 8 }}>
            <CartesianGrid stroke="var(--border)" horizontal={false} />
            <XAxis
              type="number"
              domain={[0, 100]}
              unit="%"
              tick={axis}
              tickLine={false}
              axisLine={{ stroke: 'var(--border)' }}
            />
            <YAxis type="category" dataKey="topic" tick={axis} tickLine={false} axisLine={false} width={90} />
            <Tooltip
              contentStyle={tooltipStyle}
              cursor={{ fill: 'var(--subtle)' }}
              formatter={(v, _n, item) => [
                `${v}% of ${(item?.payload as { answers?: number })?.answers ?? 0} answers`,
                'Went well',
              ]}
            />
            <Bar
              dataKey="share"
              name="Went well"
              fill="var(--accent)"
              radius={[0, 4, 4, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Share of answers that went well, by topic</caption>
        <thead>
          <tr>
            <th>Topic</th>
            <th>Went well</th>
            <th>Answers</th>
          </tr>
        </thead>
        <tbody>
          {data.map((t) => (
            <tr key={t.topic}>
              <td>{t.topic}</td>
              <td>{Math.round(t.share * 100)}%</td>
              <td>{t.answers}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
