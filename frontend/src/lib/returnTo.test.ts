import { describe, expect, it } from "vitest";
import { returnPath, withReturn } from "./returnTo";

describe("the page to return to after signing in", () => {
  it("travels as ?next=, so the link is not the navbar's a[href='/login']", () => {
    expect(withReturn("/login", "/article/how-to")).toBe("/login?next=%2Farticle%2Fhow-to");
    expect(withReturn("/register", "/article/a b")).toBe("/register?next=%2Farticle%2Fa+b");
  });

  it("is followed only when it is a path of this app", () => {
    expect(returnPath("/article/how-to")).toBe("/article/how-to");
    expect(returnPath("/profile/jake?page=2")).toBe("/profile/jake?page=2");
    for (const foreign of [
      null,
      "",
      "article/x",
      "//evil.example/",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
    ]) {
      expect(returnPath(foreign)).toBe("/");
    }
  });
});
