// Every API error has the shape {"errors": {"<field>": ["<message>"]}}.
import type { GenericErrorModel } from 'conduit-sdk';

export function messages(error: GenericErrorModel | Error | null | undefined): string[] {
  if (!error) return [];
  if (error instanceof Error) return [error.message];
  return Object.entries(error.errors).flatMap(([field, list]) => list.map((m) => `${field} ${m}`));
}
