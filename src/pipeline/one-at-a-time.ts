// A person's turns run one after another, in the order they came in: two at
// once would both read the store before either wrote, and so both pass a limit
// that counts what is stored (a burst of "ticket new"). Only people with a turn
// under way are remembered.
export type OneAtATime = <T>(person: string, work: () => Promise<T>) => Promise<T>;

export function createOneAtATime(): OneAtATime {
  const tails = new Map<string, Promise<unknown>>();
  return (person, work) => {
    const run = (tails.get(person) ?? Promise.resolve()).then(work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(person, tail);
    void tail.then(() => {
      if (tails.get(person) === tail) tails.delete(person);
    });
    return run;
  };
}
