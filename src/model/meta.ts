/** Object metadata, as Kubernetes' ObjectMeta, limited to what Baton reads or writes. */
export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  generateName?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ownerReferences?: OwnerReference[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

/** A reference to an object, as in a Kubernetes event's `involvedObject`. */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  fieldPath?: string;
}

/** `Job/default/primes`: how objects are named in messages and logs. */
export function describeObject(ref: { kind: string; namespace: string; name: string }): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}
