/**
 * The mark prepareBidi leaves on the content it prepared. The hooks (../pdfmake/scope.ts) act only
 * on documents whose content carries it, so a host application's other pdfmake documents go
 * through stock code. A registered symbol: every copy of this module agrees on it.
 */
const PREPARED = Symbol.for('briefing.prepared');

/** Marks content as prepared by our layer: its document gets the hooks. */
export function markPrepared<T>(content: T): T {
  if (typeof content === 'object' && content !== null) (content as Record<symbol, boolean>)[PREPARED] = true;
  return content;
}

/** Whether this content was prepared by our layer (scope.ts asks it of a list's top-level fragments too). */
export function isPrepared(content: unknown): boolean {
  return typeof content === 'object' && content !== null && (content as Record<symbol, unknown>)[PREPARED] === true;
}
