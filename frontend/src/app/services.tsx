// The app's long-lived objects (typed client, session, query cache, live events), created once and handed
// down by context so tests can build them around a fake network.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from "react";
import { ApiError, createApiClient, type ApiClient } from "../api/client";
import { Session, type SessionSnapshot } from "../auth/session";
import { readToken, TOKEN_KEY } from "../auth/token";
import { createLive, type EventSourceClass, type Live } from "../live/connect";

export interface Services {
  readonly api: ApiClient;
  readonly session: Session;
  readonly queryClient: QueryClient;
  readonly live: Live;
}

export function createServices(options: {
  baseUrl: string;
  fetch?: typeof fetch;
  EventSource?: EventSourceClass;
}): Services {
  const session = new Session();
  const api = createApiClient({
    baseUrl: options.baseUrl,
    getToken: readToken,
    onUnauthorized: (token) => session.expire(token),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  session.attach(api);
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // A dropped connection may come back: one quick retry. An HTTP error answer is shown
        // at once (with a "Try again" button) rather than after seconds of silent retries.
        retry: (failures, error) => failures < 1 && error instanceof ApiError && error.status === 0,
        retryDelay: 300,
      },
      mutations: { retry: false },
    },
  });
  const live = createLive({
    api,
    ...(options.EventSource ? { EventSource: options.EventSource } : {}),
  });
  return { api, session, queryClient, live };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  const { session, queryClient } = services;
  useEffect(() => {
    // The token decides what the API says (favorited, following, the feed): when it changes
    // (sign-in, sign-out, expiry, a new password), drop every cached answer and refetch what
    // is on screen. Loading the user of the same token changes nothing.
    let last = readToken();
    const unsubscribe = session.subscribe(() => {
      const current = readToken();
      if (current !== last) {
        last = current;
        void queryClient.resetQueries();
      }
    });
    // Another tab signed in or out.
    const onStorage = (event: StorageEvent) => {
      if (event.key === TOKEN_KEY || event.key === null) void session.load();
    };
    window.addEventListener("storage", onStorage);
    return () => {
      unsubscribe();
      window.removeEventListener("storage", onStorage);
    };
  }, [session, queryClient]);
  return (
    <ServicesContext.Provider value={services}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ServicesContext.Provider>
  );
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesProvider");
  return services;
}

export function useApi(): ApiClient {
  return useServices().api;
}

export function useSession(): SessionSnapshot {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
