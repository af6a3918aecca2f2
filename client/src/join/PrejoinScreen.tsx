import { useId, type FormEvent } from 'react';
import { Role, type DeviceKind, type LinkInfo } from '@circle/shared';
import type { DeviceChoice } from '../media/media';
import { usesMedia } from '../session/mediaTarget';
import type { JoinRequest } from '../session/sessionController';
import { Brand } from '../ui/Brand';
import { useDocumentTitle, useFocusOnMount } from '../ui/hooks';
import { ErrorAlert } from '../ui/messages';
import { LocationFields, useLocationFields } from '../clinical/LocationFields';
import { DevicePreview } from './DevicePreview';
import { deviceKindOptions, joiningAs } from './deviceKinds';
import { useDevicePreview } from './useDevicePreview';
import { canJoin, usePrejoinForm } from './usePrejoinForm';
import './join.css';

type Props = {
  link: LinkInfo;
  knownName: string | null;
  deviceKind: DeviceKind;
  devices: DeviceChoice;
  busy: boolean;
  error: string | null;
  onJoin: (request: JoinRequest) => void;
};

/** Before joining: name, devices, how this device takes part, and the group agreement. */
export function PrejoinScreen({ link, knownName, deviceKind, devices, busy, error, onJoin }: Props) {
  const id = useId();
  useDocumentTitle(`Join ${link.title} — Circle`);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const { form, setName, setAgreed, setDeviceKind, setCamera, setMicrophone } = usePrejoinForm({
    name: knownName ?? '',
    agreed: false,
    deviceKind,
    devices,
  });
  const location = useLocationFields();
  const showPreview = usesMedia(form.deviceKind) && link.role !== Role.observer;
  const preview = useDevicePreview(showPreview, form.devices.cameraId, form.devices.microphoneId);
  const name = knownName ?? form.name;
  const ready = canJoin({ name, agreed: form.agreed }, busy);
  const paragraphs = link.agreement.split('\n').map((line) => line.trim()).filter((line) => line !== '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    // Members only; a city is needed if a region was given.
    const where = link.role === Role.member ? location.check() : null;
    if (link.role === Role.member && where === null) return;
    onJoin({
      name: name.trim(),
      deviceKind: form.deviceKind,
      location: where?.location,
      // What the preview used is what the room will use.
      devices: {
        cameraId: form.devices.cameraId ?? preview.activeCameraId,
        microphoneId: form.devices.microphoneId ?? preview.activeMicrophoneId,
      },
    });
  };

  return (
    <div className="page page-wide prejoin">
      <header>
        <Brand />
      </header>
      <main>
        <h1 ref={headingRef} tabIndex={-1}>
          {link.title}
        </h1>
        <p className="muted prejoin-lede">{joiningAs(link.role)} Take a moment to get comfortable; nothing is shared until you join.</p>

        <form className="prejoin-grid" onSubmit={submit} noValidate>
          <div className="card prejoin-name field">
            <label htmlFor={`${id}-name`}>Your name</label>
            <input
              id={`${id}-name`}
              className="input"
              type="text"
              maxLength={40}
              autoComplete="nickname"
              value={name}
              readOnly={knownName !== null}
              onChange={(e) => setName(e.target.value)}
              aria-describedby={`${id}-name-hint`}
            />
            <span id={`${id}-name-hint`} className="hint">
              {knownName !== null
                ? 'You have joined this session before, so your name stays the same.'
                : 'This is how the group will see you. A first name is enough.'}
            </span>
          </div>

          {link.role === Role.member && <LocationFields state={location} />}

          <fieldset className="card prejoin-kind">
            <legend>This device</legend>
            {deviceKindOptions(link.role).map((option) => {
              const optionId = `${id}-kind-${option.kind}`;
              return (
                // The whole box selects the option; the radio itself stays the keyboard target.
                <div key={option.kind} className="choice" onClick={() => setDeviceKind(option.kind)}>
                  <input
                    id={optionId}
                    type="radio"
                    name={`${id}-kind`}
                    value={option.kind}
                    checked={form.deviceKind === option.kind}
                    onChange={() => setDeviceKind(option.kind)}
                    aria-describedby={`${optionId}-hint`}
                  />
                  <span>
                    <label htmlFor={optionId} className="choice-label">
                      {option.label}
                    </label>
                    <span id={`${optionId}-hint`} className="hint choice-hint">
                      {option.hint}
                    </span>
                  </span>
                </div>
              );
            })}
          </fieldset>

          <section className="card prejoin-preview" aria-labelledby={`${id}-preview`}>
            <h2 id={`${id}-preview`}>Preview</h2>
            {showPreview ? (
              <DevicePreview
                preview={preview}
                cameraId={form.devices.cameraId}
                microphoneId={form.devices.microphoneId}
                onCamera={setCamera}
                onMicrophone={setMicrophone}
              />
            ) : (
              <p className="muted">
                {link.role === Role.observer
                  ? 'As an observer you watch and listen. Your camera and microphone stay off.'
                  : 'This device will show the session and its controls, with no camera, microphone or sound.'}
              </p>
            )}
          </section>

          <section className="card prejoin-agreement" aria-labelledby={`${id}-agreement-heading`}>
            <h2 id={`${id}-agreement-heading`}>Group agreement</h2>
            <div id={`${id}-agreement`} className="agreement">
              {paragraphs.map((text, i) => (
                <p key={i}>{text}</p>
              ))}
            </div>
            <label className="choice agree">
              <input type="checkbox" checked={form.agreed} onChange={(e) => setAgreed(e.target.checked)} aria-describedby={`${id}-agreement`} />
              <span className="choice-label">I agree to the group agreement</span>
            </label>
          </section>

          <div className="prejoin-actions">
            <ErrorAlert message={error} />
            <button type="submit" className="button prejoin-join" disabled={!ready} aria-busy={busy || undefined}>
              Join
            </button>
            <p className="hint" role="status">
              {busy ? 'Joining…' : !form.agreed || name.trim() === '' ? 'Enter your name and agree to the group agreement to join.' : ''}
            </p>
          </div>
        </form>
      </main>
    </div>
  );
}
