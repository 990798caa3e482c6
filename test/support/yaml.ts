// A briefing written from a fixture with one change, as a test needs it.
import { parse, stringify } from 'yaml';

/** `source` (YAML) parsed, changed by `change`, and written back. */
export function edited(source: string, change: (data: Record<string, any>) => void): string {
  const data = parse(source) as Record<string, any>;
  change(data);
  return stringify(data);
}
