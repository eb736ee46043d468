/**
 * Kubernetes' name formats (k8s.io/apimachinery/pkg/util/validation). Each check returns the problems
 * with the value, in Kubernetes' words, or [] when it is valid.
 */

const dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123Label = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123Subdomain = new RegExp(`^${dns1123SubdomainFmt}$`);
const qualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const qualifiedName = new RegExp(`^${qualifiedNameFmt}$`);
const labelValue = new RegExp(`^(${qualifiedNameFmt})?$`);
const envVarName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const DNS1123LabelMaxLength = 63;
export const DNS1123SubdomainMaxLength = 253;

function maxLength(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters`] : [];
}

export function checkDNS1123Label(value: string): string[] {
  const problems = maxLength(value, DNS1123LabelMaxLength);
  if (!dns1123Label.test(value)) {
    problems.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start " +
        `and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '${dns1123LabelFmt}')`,
    );
  }
  return problems;
}

export function checkDNS1123Subdomain(value: string): string[] {
  const problems = maxLength(value, DNS1123SubdomainMaxLength);
  if (!dns1123Subdomain.test(value)) {
    problems.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
        `start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123SubdomainFmt}')`,
    );
  }
  return problems;
}

/** Label and annotation keys: an optional DNS subdomain prefix and a `/`, then a name of at most 63 characters. */
export function checkQualifiedName(value: string): string[] {
  const parts = value.split("/");
  if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  const name = parts.length === 2 ? (parts[1] ?? "") : value;
  const problems: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    if (prefix === "") problems.push("prefix part must be non-empty");
    else problems.push(...checkDNS1123Subdomain(prefix).map((p) => `prefix part ${p}`));
  }
  if (name === "") problems.push("name part must be non-empty");
  else if (name.length > 63) problems.push("name part must be no more than 63 characters");
  else if (!qualifiedName.test(name)) {
    problems.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
        `alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '${qualifiedNameFmt}')`,
    );
  }
  return problems;
}

export function checkLabelValue(value: string): string[] {
  const problems = maxLength(value, 63);
  if (!labelValue.test(value)) {
    problems.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must " +
        `start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(${qualifiedNameFmt})?')`,
    );
  }
  return problems;
}

export function checkEnvVarName(value: string): string[] {
  if (envVarName.test(value)) return [];
  return [
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name', or 'MY_ENV.NAME', or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
  ];
}
