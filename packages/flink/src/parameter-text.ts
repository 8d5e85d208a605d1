/** How a parameter value reads inside an option string (the same rule as the Python driver). */
export function parameterText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
