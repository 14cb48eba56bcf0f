import { useEffect, useRef } from "react";
import { useServices, useSession } from "../app/services";
import { USER_TOPICS, type LiveHandlers } from "./connect";

/**
 * Follow `topics` (null: nothing) while the component is mounted, calling `handlers` for each
 * event. One stream per call; it reopens when the topics change or, for `feed`/`user`, when
 * someone else signs in. Handlers may be new functions on every render.
 */
export function useLiveEvents(topics: readonly string[] | null, handlers: LiveHandlers): void {
  const { live } = useServices();
  const { user } = useSession();
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const key = topics?.join(",") ?? null;
  const forUser = topics?.some((t) => USER_TOPICS.has(t)) ?? false;
  const token = forUser ? (user?.token ?? null) : null;
  useEffect(() => {
    if (key === null || (forUser && token === null)) return;
    return live.open(key.split(","), () => latest.current);
  }, [live, key, forUser, token]);
}
