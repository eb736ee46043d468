/** The characters Kubernetes appends to a generateName (and to a Job's pod names). */
export const GENERATE_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Baton's own knobs: annotations, so that every manifest stays valid for a real cluster. */
export const BatonAnnotation = {
  dependsOn: "baton.dev/depends-on",
  backoffBase: "baton.dev/backoff-base",
  webhook: "baton.dev/webhook",
  webhookSecretEnv: "baton.dev/webhook-secret-env",
  webhookSecretFile: "baton.dev/webhook-secret-file",
  webhookEvents: "baton.dev/webhook-events",
  webhookBranches: "baton.dev/webhook-branches",
  webhookParameters: "baton.dev/webhook-parameters",
  /** On a Job: the work queue its pods drain (they get BATON_QUEUE and BATON_QUEUE_BACKEND). */
  workQueue: "baton.dev/work-queue",
  /** On a Pod: containers that start only once the containers they list exited 0 (JSON: name → names), as Argo's containerSet. */
  containerDependencies: "baton.dev/container-dependencies",
  /** On a Pod: a failed container runs again in place (JSON: Argo's containerSet retryStrategy, `retries` and `duration`). */
  containerRetries: "baton.dev/container-retries",
} as const;

/** The labels and annotations Kubernetes' Job controller puts on the pods it creates. */
export const JobPodMetadata = {
  completionIndex: "batch.kubernetes.io/job-completion-index",
  indexFailureCount: "batch.kubernetes.io/job-index-failure-count",
  jobName: "batch.kubernetes.io/job-name",
  controllerUid: "batch.kubernetes.io/controller-uid",
  legacyJobName: "job-name",
  legacyControllerUid: "controller-uid",
} as const;
