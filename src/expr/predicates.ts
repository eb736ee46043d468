import { expectArray, expectBoolean } from "./values.js";

type Predicate = (list: unknown, apply: (element: unknown) => unknown, name: string) => unknown;

const test = (apply: (element: unknown) => unknown, name: string) => (element: unknown) =>
  expectBoolean(apply(element), `the predicate of ${name}()`);

/** expr-lang's builtins that take a list and a predicate `{…}` in which `#` is the element. */
export const predicates: Readonly<Record<string, Predicate>> = {
  filter: (list, apply, name) => expectArray(list, `${name}()`).filter(test(apply, name)),
  map: (list, apply, name) => expectArray(list, `${name}()`).map((element) => apply(element)),
  all: (list, apply, name) => expectArray(list, `${name}()`).every(test(apply, name)),
  any: (list, apply, name) => expectArray(list, `${name}()`).some(test(apply, name)),
  none: (list, apply, name) => !expectArray(list, `${name}()`).some(test(apply, name)),
  one: (list, apply, name) => expectArray(list, `${name}()`).filter(test(apply, name)).length === 1,
  count: (list, apply, name) => expectArray(list, `${name}()`).filter(test(apply, name)).length,
};
