import { BatonAnnotation, type Resource } from "../model/index.js";
import { parseDependsOn } from "../spec/index.js";

/** The names a resource waits for, from its `baton.dev/depends-on` annotation, in the order written. */
export function dependenciesOf(resource: Resource): string[] {
  const value = resource.metadata.annotations[BatonAnnotation.dependsOn];
  return value === undefined ? [] : parseDependsOn(value);
}
