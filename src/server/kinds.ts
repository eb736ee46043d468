/** The kinds the API serves, by the plural of their path (`/api/v1/namespaces/default/jobs`). */
export const KIND_BY_PLURAL: Readonly<Record<string, string>> = {
  pods: "Pod",
  jobs: "Job",
  cronjobs: "CronJob",
  workflows: "Workflow",
  workflowtemplates: "WorkflowTemplate",
  cronworkflows: "CronWorkflow",
};

/** Short names, as kubectl and argo accept them. */
const ALIASES: Readonly<Record<string, string>> = {
  po: "pods", pod: "pods", job: "jobs", cj: "cronjobs", cronjob: "cronjobs",
  wf: "workflows", workflow: "workflows", wftmpl: "workflowtemplates", workflowtemplate: "workflowtemplates",
  cwf: "cronworkflows", cronworkflow: "cronworkflows",
};

export function pluralOf(kind: string): string {
  return kind.toLowerCase() + "s";
}

/** `jobs`, `job`, `Job` or `cj` → the plural the API uses; undefined if no such kind. */
export function normalizePlural(text: string): string | undefined {
  const t = text.toLowerCase();
  if (KIND_BY_PLURAL[t]) return t;
  return ALIASES[t];
}
