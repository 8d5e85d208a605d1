import { useEffect, useState } from 'react';
import type { FieldControlProps } from '../../ui/Field.js';

/**
 * A number field over a model value kept in other units (e.g. milliseconds shown as seconds):
 * `scale` converts (model = shown × scale). Text that is not a number stays in the box, marked
 * invalid, and leaves the model as it was.
 */
export function NumberInput({
  value,
  onChange,
  scale = 1,
  min,
  max,
  step,
  control,
  testId,
}: {
  value: number;
  onChange: (value: number) => void;
  scale?: number;
  min?: number;
  max?: number;
  step?: number;
  control: FieldControlProps;
  testId?: string;
}) {
  const shown = value / scale;
  const [text, setText] = useState(String(shown));
  useEffect(() => {
    setText((t) => (Number(t) === shown && t.trim() !== '' ? t : String(shown)));
  }, [shown]);
  const parsed = text.trim() === '' ? Number.NaN : Number(text);
  const bad = !Number.isFinite(parsed);
  return (
    <input
      {...control}
      aria-invalid={bad || control['aria-invalid'] ? true : undefined}
      className="input input--number"
      type="number"
      inputMode="decimal"
      value={text}
      min={min}
      max={max}
      step={step}
      data-testid={testId}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(n)) onChange(Math.round(n * scale * 1000) / 1000);
      }}
    />
  );
}
