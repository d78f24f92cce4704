import { describe, expect, it } from "vitest";
import { describeError } from "../../runtime/describe.js";
import { unprintables } from "./helpers/hostile.js";

describe("describeError()", () => {
  it("describeError() - never throws, whatever was thrown", () => {
    for (const { value } of unprintables()) expect(typeof describeError(value)).toBe("string");
    const getterThrows = new Error("x");
    Object.defineProperty(getterThrows, "message", {
      get(): never {
        throw new Error("message getter");
      },
    });
    expect(describeError(getterThrows)).toBe("[unprintable Error]");
    expect(describeError(Symbol("s"))).toBe("Symbol(s)");
    expect(describeError(Object.create(null))).toBe("[Object: null prototype] {}");
    expect(describeError({ code: 42 })).toBe("{ code: 42 }");
    expect(describeError(new TypeError("bad"))).toBe("TypeError: bad");
  });
});
