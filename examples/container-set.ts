// Three containers in one pod, run as a graph: fetch and check together, main once both succeeded.
// `baton run examples/container-set.ts` runs it; container-set.yaml is the same workflow in YAML
// (test/sdk-examples.test.ts proves the two load to the same resource).
import { containerSet, workflow } from "baton";

const log = "/tmp/{{workflow.name}}.log";

const main = containerSet("main", {
  containers: [
    { name: "fetch", image: "busybox", command: ["sh", "-c"], args: [`echo 'fetch: 3 files' >> ${log}`] },
    { name: "check", image: "busybox", command: ["sh", "-c"], args: [`echo 'check: disk ok' >> ${log}`] },
    { name: "main", image: "busybox", command: ["sh", "-c"], args: [`sort ${log} && rm ${log}`], dependencies: ["fetch", "check"] },
  ],
});

export default workflow({ generateName: "container-set-", entrypoint: main });
