/**
 * Names of a workflow's nodes and pods, derived from node names as Argo does (node names are unique
 * in a workflow), so a replay or a restart finds the same ones.
 */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The uid of a node in the store: the workflow's uid and the node's name. */
export function nodeUid(workflowUid: string, nodeName: string): string {
  return `${workflowUid}:${nodeName}`;
}

/** Argo's node id: the workflow's name for the root, else the name and a hash of the node name (64 bits: no collisions at 100,000 nodes). */
export function nodeId(workflowName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  return `${workflowName}-${fnv1a(nodeName)}${fnv1a(nodeName, 0x6c62272e).toString().padStart(10, "0").slice(0, 6)}`;
}

/** Argo's pod names (v2): workflow, template and the node's hash; 63 characters at most. */
export function podName(workflowName: string, templateName: string, nodeName: string): string {
  const hash = String(fnv1a(nodeName));
  if (nodeName === workflowName) return workflowName;
  const prefix = `${workflowName}-${templateName.replace(/[^a-z0-9-]/g, "-")}`.slice(0, 62 - hash.length);
  return `${prefix}-${hash}`;
}
