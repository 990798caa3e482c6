// The `hyphen` package ships no types; the two pattern sets the PDF loads (hyphenate.ts).
declare module 'hyphen/en-gb/index.js' {
  export function hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string;
}
declare module 'hyphen/en-us/index.js' {
  export function hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string;
}
