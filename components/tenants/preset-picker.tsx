'use client';
// Each radio is named by the preset alone (aria-label) and described by its text, so "small"
// does not also match "Twice small."
import { FieldSet } from '@/components/ui/field';

export function PresetPicker(props: { presets: { name: string; description: string | null }[]; value: string; error?: string; onChange(v: string): void }) {
  const { presets, value, error, onChange } = props;
  return (
    <FieldSet legend="Quota preset" name="preset" error={error}>
      <div className="grid gap-2 sm:grid-cols-3">
        {presets.map((p) => (
          <label key={p.name} className={`flex cursor-pointer gap-2 rounded-md p-3 text-sm ring-1 ${value === p.name ? 'bg-brand-50 ring-brand-600' : 'ring-slate-200 hover:bg-slate-50'}`}>
            <input type="radio" name="preset" value={p.name} checked={value === p.name} onChange={() => onChange(p.name)} className="mt-0.5" aria-label={p.name} aria-describedby={p.description ? `preset-${p.name}-text` : undefined} />
            <span>
              <span className="block font-medium">{p.name}</span>
              {p.description ? (
                <span id={`preset-${p.name}-text`} className="block text-xs text-slate-600">
                  {p.description}
                </span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
    </FieldSet>
  );
}
