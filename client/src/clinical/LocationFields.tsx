import { useId, useRef, useState } from 'react';
import { ErrorAlert } from '../ui/messages';
import { LOCATION_WHY, locationFrom, MAX_LOCATION_LENGTH, type LocationResult } from './location';
import './clinical.css';

/** The prejoin's optional location fields: what was typed, and whether it can be sent. */
export function useLocationFields() {
  const [city, setCity] = useState('');
  const [region, setRegion] = useState('');
  const [showError, setShowError] = useState(false);
  const cityRef = useRef<HTMLInputElement>(null);
  const result: LocationResult = locationFrom({ city, region });
  return {
    city,
    region,
    setCity,
    setRegion,
    cityRef,
    error: showError && !result.ok ? result.error : null,
    /** The location to send (`location` undefined: none given), or null after showing why it cannot be sent. */
    check(): Extract<LocationResult, { ok: true }> | null {
      if (result.ok) {
        setShowError(false);
        return result;
      }
      setShowError(true);
      cityRef.current?.focus();
      return null;
    },
  };
}

export type LocationFieldsState = ReturnType<typeof useLocationFields>;

/** Members only: city and state or region, optional, with why the care team asks. */
export function LocationFields({ state }: { state: LocationFieldsState }) {
  const id = useId();
  return (
    <fieldset className="card prejoin-location" aria-describedby={`${id}-why`}>
      <legend>Where are you today? (optional)</legend>
      <p id={`${id}-why`} className="hint location-why">
        {LOCATION_WHY}
      </p>
      <div className="fields-row">
        <div className="field">
          <label htmlFor={`${id}-city`}>City</label>
          <input
            ref={state.cityRef}
            id={`${id}-city`}
            className="input"
            type="text"
            maxLength={MAX_LOCATION_LENGTH}
            autoComplete="address-level2"
            value={state.city}
            aria-invalid={state.error !== null || undefined}
            aria-describedby={state.error ? `${id}-error` : undefined}
            onChange={(e) => state.setCity(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-region`}>State or region</label>
          <input
            id={`${id}-region`}
            className="input"
            type="text"
            maxLength={MAX_LOCATION_LENGTH}
            autoComplete="address-level1"
            value={state.region}
            onChange={(e) => state.setRegion(e.target.value)}
          />
        </div>
      </div>
      <ErrorAlert id={`${id}-error`} message={state.error} />
    </fieldset>
  );
}
