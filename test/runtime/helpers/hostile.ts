/** Values user code can throw that cannot be printed the usual way: each makes String() or `${}` throw. */
export function unprintables(): { name: string; value: unknown }[] {
  const trap = (): never => {
    throw new Error("trap");
  };
  // Every trap of this Proxy throws, including the ones String(), instanceof and util.inspect use.
  const everyTrapThrows = new Proxy({}, new Proxy({}, { get: () => trap }));
  return [
    { name: "Object.create(null)", value: Object.create(null) as unknown },
    { name: "a Proxy whose traps throw", value: everyTrapThrows },
    { name: "a Symbol", value: Symbol("boom") },
  ];
}
