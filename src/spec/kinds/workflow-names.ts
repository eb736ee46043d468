/** Argo's names inside a workflow: templates, steps, tasks and parameters (validate.go's isValidWorkflowFieldName). */
const fieldName = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const paramName = /^[-a-zA-Z0-9_]+$/;
const maxFieldNameLength = 128;

export function checkWorkflowFieldName(name: string): string[] {
  const problems: string[] = [];
  if (name.length > maxFieldNameLength) problems.push(`must be no more than ${maxFieldNameLength} characters`);
  if (!fieldName.test(name)) {
    problems.push("must consist of alphanumeric characters or '-', and must start with an alphanumeric character (regex used for validation is '[a-zA-Z0-9][-a-zA-Z0-9]*')");
  }
  return problems;
}

export function checkParameterName(name: string): string[] {
  return paramName.test(name) ? [] : ["must consist of alphanumeric characters, '_' or '-' (regex used for validation is '[-a-zA-Z0-9_]+')"];
}

/** Argo's variable references: `{{…}}` anywhere in the text. */
export function hasReference(text: string): boolean {
  return text.includes("{{");
}
