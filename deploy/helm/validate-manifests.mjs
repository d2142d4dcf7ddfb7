// Validates the output of `helm template` offline: every document against the Kubernetes OpenAPI schemas
// (kubernetes-models, generated from Kubernetes' own schemas) plus the rules this chart promises
// (probes, resources, hardened security contexts, references that resolve inside the release).
//
// usage: node validate-manifests.mjs --modules DIR --expect-kinds A,B --expect-smtp-ports 25,587 FILE.yaml
//   --modules            node_modules folder holding kubernetes-models, @kubernetes-models/prometheus-operator, yaml
//   --expect-kinds       kinds that must be present at least once
//   --expect-smtp-ports  ports the ingress Service must expose
//   --json-out           also write the documents as one JSON array (for tests that read the rendering)
// Exits 1 and prints every problem when anything is wrong.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = parseArgs(process.argv.slice(2));
const modules = resolve(args.modules ?? fail("--modules is required"));
const file = args._[0] ?? fail("a rendered manifest file is required");
const YAML = createRequire(resolve(modules, "noop.js"))("yaml");

const problems = [];
const report = (where, message) => problems.push(`${where}: ${message}`);

const documents = [];
for (const doc of YAML.parseAllDocuments(readFileSync(file, "utf8"))) {
  if (doc.errors.length > 0) {
    doc.errors.forEach((e) => report("yaml", e.message));
    continue;
  }
  const value = doc.toJS();
  if (value !== null && value !== undefined) documents.push(value);
}
if (documents.length === 0) report(file, "no documents rendered");

const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const seen = new Set();
for (const doc of documents) {
  const where = `${doc?.kind ?? "?"}/${doc?.metadata?.name ?? "?"}`;
  for (const field of ["apiVersion", "kind"]) {
    if (typeof doc[field] !== "string" || doc[field] === "") report(where, `missing ${field}`);
  }
  const name = doc?.metadata?.name;
  if (typeof name !== "string" || !dns1123.test(name) || name.length > 63) report(where, "metadata.name missing or not a DNS-1123 name of at most 63 characters");
  const key = `${doc.apiVersion}/${doc.kind}/${name}`;
  if (seen.has(key)) report(where, "rendered twice");
  seen.add(key);
  await validateSchema(doc, where);
}

const byKind = (kind) => documents.filter((d) => d.kind === kind);
const workloads = documents.filter((d) => ["Deployment", "StatefulSet", "DaemonSet"].includes(d.kind));
for (const kind of (args["expect-kinds"] ?? "").split(",").filter(Boolean)) {
  if (byKind(kind).length === 0) report("release", `no ${kind} rendered`);
}

for (const workload of workloads) checkWorkload(workload);
for (const service of byKind("Service")) checkService(service);
for (const hpa of byKind("HorizontalPodAutoscaler")) {
  const target = hpa.spec.scaleTargetRef;
  if (!documents.some((d) => d.kind === target.kind && d.metadata.name === target.name)) report(`HorizontalPodAutoscaler/${hpa.metadata.name}`, `scales ${target.kind}/${target.name}, which is not rendered`);
  if (hpa.spec.minReplicas > hpa.spec.maxReplicas) report(`HorizontalPodAutoscaler/${hpa.metadata.name}`, "minReplicas > maxReplicas");
}
for (const pdb of byKind("PodDisruptionBudget")) {
  if (matchingWorkloads(pdb.spec.selector.matchLabels).length === 0) report(`PodDisruptionBudget/${pdb.metadata.name}`, "selects no rendered workload");
}
for (const monitor of byKind("ServiceMonitor")) {
  const services = byKind("Service").filter((s) => labelsMatch(monitor.spec.selector.matchLabels, s.metadata.labels));
  if (services.length === 0) report(`ServiceMonitor/${monitor.metadata.name}`, "selects no rendered Service");
  for (const endpoint of monitor.spec.endpoints) {
    if (!services.some((s) => s.spec.ports.some((p) => p.name === endpoint.port))) report(`ServiceMonitor/${monitor.metadata.name}`, `port ${endpoint.port} is on no selected Service`);
  }
}
const smtpPorts = (args["expect-smtp-ports"] ?? "").split(",").filter(Boolean).map(Number);
if (smtpPorts.length > 0) {
  const ingress = byKind("Service").find((s) => s.metadata.labels?.["app.kubernetes.io/component"] === "ingress");
  if (!ingress) report("release", "no ingress Service");
  for (const port of smtpPorts) {
    if (ingress && !ingress.spec.ports.some((p) => p.port === port)) report(`Service/${ingress.metadata.name}`, `does not expose port ${port}`);
  }
}

if (problems.length > 0) {
  console.error(`${file}: ${problems.length} problem(s)`);
  problems.forEach((p) => console.error(`  - ${p}`));
  process.exit(1);
}
if (args["json-out"]) writeFileSync(args["json-out"], JSON.stringify(documents, null, 2));
console.log(`${file}: ${documents.length} documents valid (${[...new Set(documents.map((d) => d.kind))].sort().join(", ")})`);

async function validateSchema(doc, where) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  const modulePath = group === "monitoring.coreos.com"
    ? join(modules, "@kubernetes-models/prometheus-operator", group, version, `${doc.kind}.js`)
    : join(modules, "kubernetes-models", group, version, `${doc.kind}.js`);
  let model;
  try {
    model = (await import(pathToFileURL(modulePath).href))[doc.kind];
  } catch {
    report(where, `no schema for ${doc.apiVersion} ${doc.kind} (unknown API version or kind)`);
    return;
  }
  try {
    new model(doc).validate();
  } catch (error) {
    report(where, `schema: ${error.message}`);
  }
}

function checkWorkload(workload) {
  const where = `${workload.kind}/${workload.metadata.name}`;
  const pod = workload.spec.template;
  if (!labelsMatch(workload.spec.selector.matchLabels, pod.metadata?.labels)) report(where, "selector does not match the pod template labels");
  const podSecurity = pod.spec.securityContext ?? {};
  const declared = new Map(pod.spec.volumes?.map((v) => [v.name, v]) ?? []);
  for (const claim of workload.spec.volumeClaimTemplates ?? []) declared.set(claim.metadata.name, { persistentVolumeClaim: {} });
  for (const volume of pod.spec.volumes ?? []) {
    if (volume.configMap && !documents.some((d) => d.kind === "ConfigMap" && d.metadata.name === volume.configMap.name)) report(where, `volume ${volume.name}: ConfigMap ${volume.configMap.name} is not rendered`);
    if (volume.persistentVolumeClaim && !documents.some((d) => d.kind === "PersistentVolumeClaim" && d.metadata.name === volume.persistentVolumeClaim.claimName)) report(where, `volume ${volume.name}: claim ${volume.persistentVolumeClaim.claimName} is not rendered`);
  }
  for (const container of pod.spec.containers) {
    const at = `${where} container ${container.name}`;
    const security = container.securityContext ?? {};
    if (!(security.runAsNonRoot ?? podSecurity.runAsNonRoot)) report(at, "may run as root (runAsNonRoot is not true)");
    if (security.allowPrivilegeEscalation !== false) report(at, "allowPrivilegeEscalation is not false");
    if (security.readOnlyRootFilesystem !== true) report(at, "readOnlyRootFilesystem is not true");
    if (!security.capabilities?.drop?.includes("ALL")) report(at, "does not drop ALL capabilities");
    if ((security.capabilities?.add ?? []).length > 0) report(at, `adds capabilities ${security.capabilities.add}`);
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) {
        if (container.resources?.[kind]?.[resource] === undefined) report(at, `no ${kind}.${resource}`);
      }
    }
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const spec = container[probe];
      if (!spec) {
        report(at, `no ${probe}`);
        continue;
      }
      const port = spec.httpGet?.port ?? spec.tcpSocket?.port;
      if (typeof port === "string" && !container.ports?.some((p) => p.name === port)) report(at, `${probe} uses port ${port}, which the container does not declare`);
    }
    for (const port of container.ports ?? []) {
      if (port.containerPort < 1024) report(at, `port ${port.containerPort} < 1024 needs NET_BIND_SERVICE; map it in the Service instead`);
    }
    const names = new Set();
    for (const env of container.env ?? []) {
      if (names.has(env.name)) report(at, `env ${env.name} set twice`);
      names.add(env.name);
      const secretRef = env.valueFrom?.secretKeyRef;
      const rendered = secretRef && documents.find((d) => d.kind === "Secret" && d.metadata.name === secretRef.name);
      if (rendered && !Object.hasOwn({ ...rendered.data, ...rendered.stringData }, secretRef.key)) report(at, `env ${env.name}: key ${secretRef.key} is not in Secret ${secretRef.name}`);
    }
    for (const mount of container.volumeMounts ?? []) {
      if (!declared.has(mount.name)) report(at, `mounts undeclared volume ${mount.name}`);
    }
  }
}

function checkService(service) {
  const where = `Service/${service.metadata.name}`;
  const pods = matchingWorkloads(service.spec.selector);
  if (pods.length === 0) {
    report(where, "selects no rendered workload");
    return;
  }
  for (const port of service.spec.ports) {
    if (typeof port.targetPort !== "string") continue;
    const found = pods.some((w) => w.spec.template.spec.containers.some((c) => c.ports?.some((p) => p.name === port.targetPort)));
    if (!found) report(where, `targetPort ${port.targetPort} is not a container port of the selected pods`);
  }
  if (service.spec.externalTrafficPolicy && service.spec.type === "ClusterIP") report(where, "externalTrafficPolicy on a ClusterIP Service");
}

function matchingWorkloads(selector) {
  return workloads.filter((w) => labelsMatch(selector, w.spec.template.metadata?.labels));
}

function labelsMatch(selector, labels) {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([k, v]) => labels?.[k] === v);
}

function parseArgs(argv) {
  const parsed = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) parsed[argv[i].slice(2)] = argv[++i];
    else parsed._.push(argv[i]);
  }
  return parsed;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
