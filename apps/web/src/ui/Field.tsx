import { type ReactNode, useId } from 'react';

/** What a field's input needs to be labelled, described and marked invalid. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  'data-field'?: string;
}

export interface FieldMessage {
  key: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

/**
 * A labelled form field: its hint and its problems are tied to the input with
 * `aria-describedby`, and an error sets `aria-invalid`. `fieldKey` lets the issues panel focus it.
 */
export function Field({
  label,
  hint,
  messages = [],
  required,
  fieldKey,
  children,
  className,
  testId,
  labelAction,
}: {
  label: ReactNode;
  /** A control next to the label (e.g. "remove"), kept outside the `<label>` element. */
  labelAction?: ReactNode;
  hint?: ReactNode;
  messages?: readonly FieldMessage[];
  required?: boolean;
  fieldKey?: string;
  children: (control: FieldControlProps) => ReactNode;
  className?: string;
  testId?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const messagesId = `${id}-messages`;
  const describedBy = [hint ? hintId : undefined, messages.length > 0 ? messagesId : undefined]
    .filter(Boolean)
    .join(' ');
  const invalid = messages.some((m) => m.severity === 'error');
  const control: FieldControlProps = { id };
  if (describedBy) control['aria-describedby'] = describedBy;
  if (invalid) control['aria-invalid'] = true;
  if (fieldKey) control['data-field'] = fieldKey;
  return (
    <div
      className={`field${invalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}
      data-testid={testId}
    >
      <div className="field__head">
        <label className="field__label" htmlFor={id}>
          {label}
          {required && (
            <span className="field__required" title="required">
              {' '}
              *
            </span>
          )}
        </label>
        {labelAction}
      </div>
      {children(control)}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      <FieldMessages id={messagesId} messages={messages} />
    </div>
  );
}

/** The problems of one field or section, errors in red, warnings in amber. */
export function FieldMessages({ id, messages }: { id?: string; messages: readonly FieldMessage[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="field__messages" id={id}>
      {messages.map((m) => (
        <li key={m.key} className={`field__message field__message--${m.severity}`} data-testid="field-issue">
          <span className="visually-hidden">{m.severity}: </span>
          {m.message}
        </li>
      ))}
    </ul>
  );
}
