import { useState } from 'react';
import type { DeviceKind } from '@circle/shared';
import type { DeviceChoice } from '../media/media';

export type PrejoinForm = {
  name: string;
  agreed: boolean;
  deviceKind: DeviceKind;
  devices: DeviceChoice;
};

/** The form can be sent once the person agreed and has a name. */
export function canJoin(form: Pick<PrejoinForm, 'name' | 'agreed'>, busy: boolean): boolean {
  return form.agreed && form.name.trim() !== '' && !busy;
}

/** The prejoin form's own state: what the person typed and chose. */
export function usePrejoinForm(initial: PrejoinForm) {
  const [form, setForm] = useState(initial);
  return {
    form,
    setName: (name: string) => setForm((f) => ({ ...f, name })),
    setAgreed: (agreed: boolean) => setForm((f) => ({ ...f, agreed })),
    setDeviceKind: (deviceKind: DeviceKind) => setForm((f) => ({ ...f, deviceKind })),
    setCamera: (cameraId: string) => setForm((f) => ({ ...f, devices: { ...f.devices, cameraId: cameraId || null } })),
    setMicrophone: (microphoneId: string) => setForm((f) => ({ ...f, devices: { ...f.devices, microphoneId: microphoneId || null } })),
  };
}
