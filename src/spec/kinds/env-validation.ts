import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message, quoteList } from "../messages.js";
import { checkEnvVarName, checkQualifiedName } from "../names.js";
import type { RawEnvVar } from "./pod-spec-schema.js";

/** The downward-API fields the local engine fills in: those of the pod's own metadata. */
const localFieldPaths = ["metadata.name", "metadata.namespace", "metadata.uid"];
const subscriptedFieldPaths = ["metadata.labels", "metadata.annotations"];
/** Valid on a cluster, but there is no node, service account or pod network here. */
const clusterFieldPaths = ["spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];

const localDescription = [...localFieldPaths, ...subscriptedFieldPaths.map((p) => `${p}['<KEY>']`)];

const unresolvable = {
  configMapKeyRef: "the local engine cannot read ConfigMaps; set \"value\" instead",
  secretKeyRef: "the local engine cannot read Secrets; set \"value\" instead",
  resourceFieldRef: "the local engine has no resource requests or limits to read; set \"value\" instead",
  fileKeyRef: "the local engine cannot read files from volumes; set \"value\" instead",
} as const;
type UnresolvableSource = keyof typeof unresolvable;
const sources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"] as const satisfies readonly ("fieldRef" | UnresolvableSource)[];

export function validateEnv(env: readonly RawEnvVar[], path: FieldPath, issues: IssueList): void {
  for (const [i, variable] of env.entries()) {
    const at = [...path, i];
    if (variable.name === undefined || variable.name === "") issues.error([...at, "name"], message.required());
    else for (const problem of checkEnvVarName(variable.name)) issues.error([...at, "name"], message.invalid(variable.name, problem));
    if (variable.valueFrom !== undefined) validateValueFrom(variable, [...at, "valueFrom"], issues);
  }
}

function validateValueFrom(variable: RawEnvVar, path: FieldPath, issues: IssueList): void {
  const valueFrom = variable.valueFrom ?? {};
  if (variable.value !== undefined && variable.value !== "") {
    issues.error(path, "may not be specified when `value` is not empty");
  }
  const given = sources.filter((source) => valueFrom[source] !== undefined);
  if (given.length === 0) {
    issues.error(path, `must specify one of: ${quoteList(sources)}`);
  } else if (given.length > 1) {
    issues.error(path, "may not have more than one field specified at a time");
  }
  for (const source of given) {
    if (source === "fieldRef") validateFieldRef(valueFrom.fieldRef ?? {}, [...path, "fieldRef"], issues);
    else issues.error([...path, source], unresolvable[source]);
  }
}

function validateFieldRef(ref: { fieldPath?: string | undefined; apiVersion?: string | undefined }, path: FieldPath, issues: IssueList): void {
  if (ref.apiVersion !== undefined && ref.apiVersion !== "v1") {
    issues.error([...path, "apiVersion"], message.unsupported(ref.apiVersion, ["v1"]));
  }
  const fieldPath = ref.fieldPath;
  if (fieldPath === undefined || fieldPath === "") {
    issues.error([...path, "fieldPath"], message.required());
    return;
  }
  const problem = checkFieldPath(fieldPath);
  if (problem !== undefined) issues.error([...path, "fieldPath"], problem);
}

function checkFieldPath(fieldPath: string): string | undefined {
  if (localFieldPaths.includes(fieldPath)) return undefined;
  const subscript = /^(metadata\.labels|metadata\.annotations)\['(.*)'\]$/.exec(fieldPath);
  if (subscript !== null) {
    const problems = checkQualifiedName((subscript[2] ?? "").toLowerCase());
    return problems.length === 0 ? undefined : message.invalid(fieldPath, problems.join("; "));
  }
  if (clusterFieldPaths.includes(fieldPath)) {
    return `${JSON.stringify(fieldPath)} is not available on the local engine; it supports ${quoteList(localDescription)}`;
  }
  return message.unsupported(fieldPath, [...localDescription, ...clusterFieldPaths]);
}
