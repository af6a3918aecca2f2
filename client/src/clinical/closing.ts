import { DEFAULT_CLOSING } from '@circle/shared';

/**
 * The closing card's text: the session's own closing (aftercare and crisis resources) as the
 * server sent it with the ended view, one paragraph per line. A page that opens after the end
 * has no view to take it from, and shows the default closing, which carries the same resources.
 */
export function closingParagraphs(closing: string | null): string[] {
  return (closing ?? DEFAULT_CLOSING)
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
