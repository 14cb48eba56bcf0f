// Who is signed in, kept across reloads.
import type { User } from 'conduit-sdk';
import { reactive } from 'vue';

const KEY = 'conduit.user';

export const session = reactive<{ user: User | null }>({
  user: JSON.parse(localStorage.getItem(KEY) ?? 'null') as User | null,
});

export function setUser(user: User | null): void {
  session.user = user;
  if (user) localStorage.setItem(KEY, JSON.stringify(user));
  else localStorage.removeItem(KEY);
}
