import type {
  Arguments,
  Container,
  DagTask,
  Invocation,
  LabelSelector,
  LifecycleHook,
  Parameter,
  PodGC,
  PodGCStrategy,
  RetryPolicy,
  RetryStrategy,
  Template,
  TemplateRef,
  WorkflowSpec,
  WorkflowStatus,
} from "../../model/index.js";
import { defined, toPodSpec } from "./pod-spec-defaults.js";
import type { RawContainer } from "./pod-spec-schema.js";
import { textOf } from "./workflow-fields.js";
import type { RawWorkflowSpec } from "./workflow-schema.js";
import type { RawArguments, RawDagTask, RawParameter, RawRetryStrategy, RawStep, RawTemplate, RawTemplateRef } from "./workflow-template-schema.js";

/**
 * Argo's defaults, to the model's types: every parameter list present, parameter values as strings, the
 * container of a container or script template named "main", retries on failure unless told otherwise.
 */
export function toWorkflowSpec(spec: RawWorkflowSpec): WorkflowSpec {
  const ref = spec.workflowTemplateRef;
  const ttl = spec.ttlStrategy;
  return {
    entrypoint: spec.entrypoint ?? "",
    arguments: toArguments(spec.arguments),
    templates: (spec.templates ?? []).map(toTemplate),
    ...defined({
      onExit: spec.onExit ?? spec.hooks?.["exit"]?.template,
      parallelism: spec.parallelism,
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
      retryStrategy: spec.retryStrategy && toRetryStrategy(spec.retryStrategy),
      workflowTemplateRef: ref && { name: ref.name ?? "", ...defined({ clusterScope: ref.clusterScope }) },
      suspend: spec.suspend,
      ttlStrategy: ttl && defined({
        secondsAfterCompletion: ttl.secondsAfterCompletion,
        secondsAfterSuccess: ttl.secondsAfterSuccess,
        secondsAfterFailure: ttl.secondsAfterFailure,
      }),
      podGC: spec.podGC && toPodGC(spec.podGC),
    }),
  };
}

function toPodGC(podGC: NonNullable<RawWorkflowSpec["podGC"]>): PodGC {
  const selector = podGC.labelSelector;
  return defined({
    strategy: podGC.strategy === "" ? undefined : (podGC.strategy as PodGCStrategy | undefined),
    labelSelector: selector && defined({
      matchLabels: selector.matchLabels && { ...selector.matchLabels },
      matchExpressions: selector.matchExpressions?.map((e) => ({
        key: e.key ?? "",
        operator: (e.operator ?? "") as NonNullable<LabelSelector["matchExpressions"]>[number]["operator"],
        ...defined({ values: e.values && [...e.values] }),
      })),
    }),
    deleteDelayDuration: podGC.deleteDelayDuration,
  });
}

export function initialWorkflowStatus(): WorkflowStatus {
  return { phase: "", nodes: {} };
}

function toTemplate(template: RawTemplate): Template {
  const { container, script, containerSet, dag, suspend } = template;
  return {
    name: template.name ?? "",
    inputs: { parameters: (template.inputs?.parameters ?? []).map(toParameter) },
    outputs: { parameters: (template.outputs?.parameters ?? []).map(toParameter) },
    metadata: { labels: { ...template.metadata?.labels }, annotations: { ...template.metadata?.annotations } },
    ...defined({
      container: container && toContainer(container, "main"),
      script: script && { ...toContainer(script, "main"), source: script.source ?? "" },
      containerSet: containerSet && {
        containers: (containerSet.containers ?? []).map((c) => ({
          ...toContainer(c),
          ...defined({ dependencies: c.dependencies && [...c.dependencies] }),
        })),
        ...defined({ retryStrategy: containerSet.retryStrategy && { retries: textOf(containerSet.retryStrategy.retries) ?? "0", ...defined({ duration: containerSet.retryStrategy.duration }) } }),
      },
      steps: template.steps?.map((group) => group.map(toStep)),
      dag: dag && { tasks: (dag.tasks ?? []).map(toDagTask), ...defined({ failFast: dag.failFast, target: dag.target }) },
      suspend: suspend && defined({ duration: textOf(suspend.duration) }),
      initContainers: template.initContainers?.map((c) => toContainer(c)),
      env: template.env && toContainer({ env: template.env }).env,
      retryStrategy: template.retryStrategy && toRetryStrategy(template.retryStrategy),
      parallelism: template.parallelism,
      activeDeadlineSeconds: textOf(template.activeDeadlineSeconds),
      timeout: template.timeout,
      failFast: template.failFast,
    }),
  };
}

/** The pod spec's own container defaults. */
function toContainer(container: RawContainer, defaultName?: string): Container {
  const [converted] = toPodSpec({ containers: [container] }).containers;
  return { ...(converted as Container), name: container.name ?? defaultName ?? "" };
}

function toParameter(parameter: RawParameter): Parameter {
  const from = parameter.valueFrom;
  return {
    name: parameter.name ?? "",
    ...defined({
      value: textOf(parameter.value),
      default: textOf(parameter.default),
      enum: parameter.enum?.map(String),
      description: parameter.description,
      valueFrom: from && defined({
        path: from.path,
        default: textOf(from.default),
        expression: from.expression,
        parameter: from.parameter,
        supplied: from.supplied && {},
      }),
      globalName: parameter.globalName,
    }),
  };
}

function toArguments(args: RawArguments | undefined): Arguments {
  return { parameters: (args?.parameters ?? []).map(toParameter) };
}

function toTemplateRef(ref: RawTemplateRef): TemplateRef {
  return { name: ref.name ?? "", template: ref.template ?? "", ...defined({ clusterScope: ref.clusterScope }) };
}

function toStep(step: RawStep): Invocation {
  const sequence = step.withSequence;
  return {
    name: step.name ?? "",
    ...defined({ template: step.template, templateRef: step.templateRef && toTemplateRef(step.templateRef) }),
    arguments: toArguments(step.arguments),
    ...defined({
      when: step.when,
      withItems: step.withItems,
      withParam: step.withParam,
      withSequence: sequence && defined({
        count: textOf(sequence.count),
        start: textOf(sequence.start),
        end: textOf(sequence.end),
        format: sequence.format,
      }),
      continueOn: step.continueOn && defined({ failed: step.continueOn.failed, error: step.continueOn.error }),
      onExit: step.onExit,
      hooks: step.hooks && Object.fromEntries(Object.entries(step.hooks).map(([key, hook]) => [key, toHook(hook)])),
    }),
  };
}

function toDagTask(task: RawDagTask): DagTask {
  // The step is a fresh object: adding to it spares a copy per task.
  const dagTask: DagTask = toStep(task);
  if (task.dependencies !== undefined) dagTask.dependencies = [...task.dependencies];
  if (task.depends !== undefined) dagTask.depends = task.depends;
  return dagTask;
}

function toHook(hook: NonNullable<RawStep["hooks"]>[string]): LifecycleHook {
  return {
    ...defined({ template: hook.template, templateRef: hook.templateRef && toTemplateRef(hook.templateRef), expression: hook.expression }),
    arguments: toArguments(hook.arguments),
  };
}

function toRetryStrategy(retry: RawRetryStrategy): RetryStrategy {
  const backoff = retry.backoff;
  return {
    retryPolicy: (retry.retryPolicy ?? "OnFailure") as RetryPolicy,
    ...defined({
      limit: textOf(retry.limit),
      backoff: backoff && defined({
        duration: textOf(backoff.duration),
        factor: backoff.factor === undefined ? undefined : Number(backoff.factor),
        maxDuration: backoff.maxDuration,
      }),
      expression: retry.expression,
    }),
  };
}
