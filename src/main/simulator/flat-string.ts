/**
 * Returns `text` after making V8 store it as one flat string.
 *
 * Strings built with `+` or template literals are ropes (a tree of pieces). A seeded catalog keeps
 * hundreds of thousands of them alive, and the ropes cost about three times the memory of the
 * text, most of the seeding time going to the garbage collector copying them. Reading one
 * character flattens a rope in place (and the collector then drops the pieces). Semantically a
 * no-op.
 */
export function flatString<T extends string | null>(text: T): T {
  if (text !== null && text.length > 0) text.charCodeAt(0);
  return text;
}
