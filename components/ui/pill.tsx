import type { ReactNode } from 'react';

export const tones = {
  green: 'bg-green-100 text-green-800 ring-green-200',
  amber: 'bg-amber-100 text-amber-900 ring-amber-200',
  blue: 'bg-blue-100 text-blue-800 ring-blue-200',
  red: 'bg-red-100 text-red-800 ring-red-200',
  slate: 'bg-slate-100 text-slate-700 ring-slate-200',
} as const;

export type Tone = keyof typeof tones;

/** A small rounded status label; the feature badges pick the tone. */
export function Pill({ tone, testId, children }: { tone: Tone; testId?: string; children: ReactNode }) {
  return (
    <span data-testid={testId} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${tones[tone]}`}>
      {children}
    </span>
  );
}
