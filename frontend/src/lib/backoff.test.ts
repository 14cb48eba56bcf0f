import { describe, expect, it } from "vitest";
import { backoff } from "./backoff";

describe("backoff", () => {
  it("doubles from 1 s up to 30 s, jittered down by at most a half", () => {
    expect([1, 2, 3, 5, 6, 10].map((n) => backoff(n, () => 0))).toEqual([1000, 2000, 4000, 16000, 30000, 30000]);
    expect(backoff(2, () => 1)).toBe(1000);
    expect(backoff(0, () => 0)).toBe(1000);
  });
});
