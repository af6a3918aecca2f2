import type { Location } from '@circle/shared';

/** Where a member is right now, for their care team in an emergency. Optional; only staff see it. */

export const LOCATION_WHY = 'Your care team needs this in an emergency. Only staff see it.';
export const MAX_LOCATION_LENGTH = 80;

export type LocationInput = { city: string; region: string };
export type LocationResult = { ok: true; location: Location | undefined } | { ok: false; error: string };

/** Both empty: no location. A region without a city is not enough to find someone. */
export function locationFrom({ city, region }: LocationInput): LocationResult {
  const c = city.trim();
  const r = region.trim();
  if (c === '' && r === '') return { ok: true, location: undefined };
  if (c === '') return { ok: false, error: 'Please enter your city too, or leave both fields empty.' };
  return { ok: true, location: { city: c.slice(0, MAX_LOCATION_LENGTH), region: r.slice(0, MAX_LOCATION_LENGTH) } };
}

/** "Portland, Oregon"; "Portland" without a region. */
export function locationText(location: Location | null): string | null {
  if (location === null) return null;
  return location.region === '' ? location.city : `${location.city}, ${location.region}`;
}
