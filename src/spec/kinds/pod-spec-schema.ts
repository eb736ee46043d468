import { z } from "zod";
import { ignored, int64, string, stringList, unusedFields } from "../schema-helpers.js";

/**
 * The structure of a PodSpec as written. Fields that only matter on a cluster are listed here so that
 * they are recognised: ignored silently when they change nothing a command could notice (scheduling,
 * image pulls, resource requests), accepted with a warning when a command would see the difference.
 */
const unusedContainerFields = {
  ignored: ["imagePullPolicy", "terminationMessagePath", "terminationMessagePolicy", "resources", "ports", "resizePolicy"],
  noEffect: ["volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
    "securityContext", "stdin", "stdinOnce", "tty"],
} as const;

const unusedPodSpecFields = {
  ignored: ["nodeSelector", "nodeName", "affinity", "tolerations", "schedulerName", "priorityClassName", "priority",
    "preemptionPolicy", "imagePullSecrets", "serviceAccountName", "serviceAccount", "automountServiceAccountToken",
    "enableServiceLinks", "dnsPolicy", "dnsConfig", "runtimeClassName", "topologySpreadConstraints", "overhead",
    "readinessGates", "schedulingGates", "os", "hostNetwork", "hostPID", "hostIPC", "hostUsers", "setHostnameAsFQDN",
    "resourceClaims", "resources"],
  noEffect: ["volumes", "securityContext", "hostAliases", "shareProcessNamespace", "ephemeralContainers"],
} as const;

export const envVarSchema = z.strictObject({
  name: string(),
  value: string(),
  valueFrom: z
    .strictObject({
      fieldRef: z.strictObject({ fieldPath: string(), apiVersion: string() }).optional(),
      // Known to Kubernetes, refused by the rules: the local engine has nothing to resolve them from.
      resourceFieldRef: ignored(),
      configMapKeyRef: ignored(),
      secretKeyRef: ignored(),
      fileKeyRef: ignored(),
    })
    .optional(),
});
export type RawEnvVar = z.infer<typeof envVarSchema>;

export const containerSchema = z.strictObject({
  name: string(),
  image: string(),
  command: stringList(),
  args: stringList(),
  env: z.array(envVarSchema).optional(),
  workingDir: string(),
  // Refused by the rules, with a reason: ConfigMaps and Secrets, and sidecars.
  envFrom: ignored(),
  restartPolicy: string(),
  ...unusedFields(unusedContainerFields),
});
export type RawContainer = z.infer<typeof containerSchema>;

export const podSpecSchema = z.strictObject({
  initContainers: z.array(containerSchema).optional(),
  containers: z.array(containerSchema).optional(),
  restartPolicy: string(),
  terminationGracePeriodSeconds: int64(),
  activeDeadlineSeconds: int64(),
  hostname: string(),
  subdomain: string(),
  ...unusedFields(unusedPodSpecFields),
});
export type RawPodSpec = z.infer<typeof podSpecSchema>;
