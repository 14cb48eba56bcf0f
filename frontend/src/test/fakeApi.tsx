// A stand-in for the network (the one boundary unit tests replace): answers requests from a
// handler, records them, and renders components inside the real app services.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { createServices, ServicesProvider, type Services } from "../app/services";
import type { EventSourceClass } from "../live/connect";

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function fakeNetwork(handler: Handler) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    return handler(request);
  };
  return { fetch, requests };
}

export function servicesWith(
  handler: Handler,
  options: { EventSource?: EventSourceClass } = {},
): Services & { requests: Request[] } {
  const network = fakeNetwork(handler);
  const services = createServices({ baseUrl: "http://conduit.test", fetch: network.fetch, ...options });
  return { ...services, requests: network.requests };
}

export function renderWith(ui: ReactElement, services: Services, path = "/") {
  return render(
    <ServicesProvider services={services}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </ServicesProvider>,
  );
}

export const profile = (username: string, following = false) => ({
  username,
  bio: null,
  image: null,
  following,
});

export const preview = (slug: string, fields: Partial<{ favorited: boolean; favoritesCount: number }> = {}) => ({
  slug,
  title: `Title of ${slug}`,
  description: `About ${slug}`,
  tagList: ["one", "two"],
  createdAt: "2026-01-20T10:00:00.000Z",
  updatedAt: "2026-01-20T10:00:00.000Z",
  favorited: false,
  favoritesCount: 0,
  author: profile("jake"),
  ...fields,
});

export const user = (username = "jake", token = "jwt-of-" + username) => ({
  username,
  email: `${username}@example.com`,
  bio: null,
  image: null,
  token,
});
