export { ExprError } from "./errors.js";
export { parseTemplate, substitute, templateReferences, type SubstituteOptions, type TemplatePart } from "./template.js";
export { evaluate } from "./evaluate.js";
export { evaluateWhen } from "./when.js";
export { jsonpath } from "./jsonpath.js";
export {
  dependsFromDependencies,
  dependsTasks,
  evaluateDepends,
  parseDepends,
  type DependsExpr,
  type DependsResult,
} from "./depends.js";
