import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPatch, diffView, PatchFollower, ViewFollower, ViewPatchSchema, type SessionView, type ViewPatch } from '../src/index.js';

function view(version: number, overrides: Partial<SessionView> = {}): SessionView {
  return {
    sessionId: 's1',
    version,
    title: 'Tuesday group',
    status: 'open',
    locked: false,
    e2ee: true,
    agreement: 'What is said here stays here.',
    mediaRoom: 'circle-s1',
    people: [],
    waiting: [],
    turns: { queue: [], queueVersion: 0, current: null, turnSeconds: null, autoEnd: false, goRound: null, talkingPiece: false },
    shares: [],
    clinical: { startedAt: null, plannedMinutes: 90, agenda: [], feelings: { open: null, checkIn: null, checkOut: null, answers: [] }, notes: [] },
    breakouts: null,
    support: { signals: [], rooms: [], steppedOut: [] },
    reflections: [],
    ...overrides,
  } as SessionView;
}

const raised = (version: number, personIds: string[]) =>
  view(version, {
    turns: {
      ...view(0).turns,
      queueVersion: personIds.length,
      queue: personIds.map((personId, i) => ({ personId, source: 'hand', raisedAt: 1000 + i })),
    },
  });

/** A follower whose syncs answer `fresh()` and whose deliveries are kept in order. */
function following(fresh: () => SessionView | null = () => null) {
  const delivered: number[] = [];
  let syncs = 0;
  const follower = new ViewFollower(
    async () => {
      syncs += 1;
      return fresh();
    },
    (v) => delivered.push(v.version),
  );
  return { follower, delivered, syncs: () => syncs };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('diffView and applyPatch', () => {
  it('carry only the fields that changed, and piece the view back together', () => {
    const before = raised(4, ['alice']);
    const after = raised(5, ['alice', 'bob']);
    const patch = diffView(before, after);
    expect(patch).toEqual({ from: 4, version: 5, changes: { turns: after.turns } });
    expect(ViewPatchSchema.parse(patch)).toEqual(patch);
    expect(applyPatch(before, patch)).toEqual(after);
  });

  it('send an empty patch when the audience sees nothing new, so the versions still follow on', () => {
    expect(diffView(view(7), view(8))).toEqual({ from: 7, version: 8, changes: {} });
  });

  it('add up to the later view for any two views', () => {
    const field = fc.constantFrom('title', 'locked', 'status', 'agreement', 'turns');
    const edit = fc.record({ field, value: fc.string() });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), fc.array(edit, { maxLength: 6 }), (a, b) => {
        const make = (version: number, edits: { field: string; value: string }[]) =>
          view(version, Object.fromEntries(edits.map(({ field: f, value }) => [f, f === 'turns' ? { ...view(0).turns, queueVersion: value.length } : value])));
        const before = make(1, a);
        const after = make(2, b);
        expect(applyPatch(before, diffView(before, after))).toEqual(after);
      }),
    );
  });
});

describe('ViewFollower', () => {
  it('applies patches that follow on from the view held, in order', () => {
    const { follower, delivered, syncs } = following();
    follower.receiveView(raised(1, []));
    follower.receivePatch(diffView(raised(1, []), raised(2, ['alice'])));
    follower.receivePatch(diffView(raised(2, ['alice']), raised(3, ['alice', 'bob'])));
    expect(delivered).toEqual([1, 2, 3]);
    expect(follower.view).toEqual(raised(3, ['alice', 'bob']));
    expect(syncs()).toBe(0);
  });

  it('drops views and patches older than, or as old as, the one held', () => {
    const { follower, delivered } = following();
    follower.receiveView(raised(5, ['alice']));
    follower.receiveView(raised(4, []));
    follower.receiveView(raised(5, ['alice']));
    follower.receivePatch(diffView(raised(4, []), raised(5, ['bob'])));
    expect(delivered).toEqual([5]);
    expect(follower.view).toEqual(raised(5, ['alice']));
  });

  it('asks for the whole view once on a gap, then applies what followed on', async () => {
    const { follower, delivered, syncs } = following(() => raised(3, ['alice', 'bob']));
    follower.receiveView(raised(1, []));
    // 2 → 3 and 3 → 4 arrive, 1 → 2 never does.
    follower.receivePatch(diffView(raised(2, ['alice']), raised(3, ['alice', 'bob'])));
    follower.receivePatch(diffView(raised(3, ['alice', 'bob']), raised(4, ['alice', 'bob', 'carol'])));
    await settle();
    expect(syncs()).toBe(1);
    expect(delivered).toEqual([1, 3, 4]);
    expect(follower.view).toEqual(raised(4, ['alice', 'bob', 'carol']));
  });

  it('waits for the join answer instead of asking when it holds nothing yet', () => {
    const { follower, delivered, syncs } = following();
    follower.receivePatch(diffView(raised(1, []), raised(2, ['alice'])));
    follower.receivePatch(diffView(raised(2, ['alice']), raised(3, ['alice', 'bob'])));
    follower.receiveView(raised(2, ['alice']));
    expect(syncs()).toBe(0);
    expect(delivered).toEqual([2, 3]);
  });

  it('keeps a patch that arrives during a sync and applies it after, never asking twice at once', async () => {
    let answer: (v: SessionView) => void = () => {};
    const delivered: number[] = [];
    let syncs = 0;
    const follower = new ViewFollower(
      () => {
        syncs += 1;
        return new Promise((resolve) => (answer = resolve));
      },
      (v) => delivered.push(v.version),
    );
    follower.receiveView(raised(1, []));
    follower.receivePatch(diffView(raised(5, []), raised(6, ['alice'])));
    follower.receivePatch(diffView(raised(6, ['alice']), raised(7, ['alice', 'bob'])));
    expect(syncs).toBe(1);
    answer(raised(6, ['alice']));
    await settle();
    expect(delivered).toEqual([1, 6, 7]);
  });

  it('does not loop when the fresh view still leaves a gap; the next patch in line closes it', async () => {
    const { follower, delivered, syncs } = following(() => raised(2, ['alice']));
    const patches: ViewPatch[] = [
      diffView(raised(2, ['alice']), raised(3, ['alice', 'bob'])),
      diffView(raised(3, ['alice', 'bob']), raised(4, ['bob'])),
    ];
    follower.receiveView(raised(1, []));
    follower.receivePatch(patches[1]!);
    await settle();
    expect(syncs()).toBe(1);
    expect(delivered).toEqual([1, 2]);
    follower.receivePatch(patches[0]!);
    expect(delivered).toEqual([1, 2, 3, 4]);
    expect(syncs()).toBe(1);
  });
});

describe('ViewFollower when the sync fails', () => {
  it('keeps what it held, and asks again at the next gap', async () => {
    let syncs = 0;
    const delivered: number[] = [];
    const follower = new ViewFollower(
      () => (++syncs === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(raised(3, ['alice', 'bob']))),
      (v) => delivered.push(v.version),
    );
    follower.receiveView(raised(1, []));
    follower.receivePatch(diffView(raised(2, ['alice']), raised(3, ['alice', 'bob'])));
    await settle();
    expect(follower.view).toEqual(raised(1, []));
    follower.receivePatch(diffView(raised(3, ['alice', 'bob']), raised(4, ['bob'])));
    await settle();
    expect(syncs).toBe(2);
    expect(delivered).toEqual([1, 3, 4]);
  });
});

describe('PatchFollower holding less than the view', () => {
  it('follows versions through the same gap handling, with the patches applied its own way', async () => {
    const delivered: Array<{ version: number }> = [];
    const follower = new PatchFollower<{ version: number }>(
      async () => ({ version: 3 }),
      (v) => delivered.push(v),
      (_held, patch) => ({ version: patch.version }),
    );
    follower.receiveView({ version: 1 });
    follower.receivePatch(diffView(raised(1, []), raised(2, ['alice'])));
    // 2 → 3 is missed; 3 → 4 waits for the sync.
    follower.receivePatch(diffView(raised(3, ['alice', 'bob']), raised(4, ['bob'])));
    await settle();
    expect(delivered).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
    expect(follower.view).toEqual({ version: 4 });
    expect(follower.syncs).toBe(1);
  });
});
