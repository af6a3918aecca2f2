import { Role, type PersonView } from '@circle/shared';

/** Everyone is told when someone is watching: observers are there with the group's knowledge. */

function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/**
 * "An observer is present: Olu." for members and staff; an observer is reminded that the
 * group can see them. Null when no observer is present.
 */
export function observerNotice(people: readonly PersonView[], selfId: string, selfRole: Role): string | null {
  if (selfRole === Role.observer) return 'You are observing: the group can see that you are here. Your camera and microphone stay off.';
  const present = people.filter((p) => p.role === Role.observer && p.present && p.id !== selfId).map((p) => p.name);
  if (present.length === 0) return null;
  return present.length === 1 ? `An observer is present: ${present[0]}.` : `Observers are present: ${names(present)}.`;
}
