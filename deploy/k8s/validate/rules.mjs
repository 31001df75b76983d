// The deployment rules of this project (docs/operating.md, Kubernetes) as checks on the rendered objects.
const siloPorts = new Set([11111, 30000, "silo", "gateway"]);

export function checkRules(objects) {
  const problems = [];
  const byKind = (kind) => objects.filter((o) => o.kind === kind);

  for (const secret of byKind("Secret")) {
    problems.push(`Secret/${secret.metadata?.name}: secret values are never committed; reference a Secret created with kubectl`);
  }

  // Silos reach each other and clients reach gateways at pod IPs, never through a Service address.
  for (const service of byKind("Service")) {
    for (const port of service.spec?.ports ?? []) {
      if (siloPorts.has(port.port) || siloPorts.has(port.targetPort)) {
        problems.push(`Service/${service.metadata?.name}: exposes silo or gateway port ${port.targetPort ?? port.port}; only HTTP belongs behind a Service`);
      }
    }
  }

  // The dashboard (/dashboard on the HTTP port) stays inside the cluster.
  for (const ingress of byKind("Ingress")) {
    if (ingress.spec?.defaultBackend) {
      problems.push(`Ingress/${ingress.metadata?.name}: a default backend would route /dashboard`);
    }

    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const value = path.path ?? "/";
        const trimmed = value.replace(/\/+$/, "");
        const routesDashboard = path.pathType === "Exact"
          ? value.startsWith("/dashboard")
          : path.pathType !== "Prefix" || trimmed === "" || trimmed === "/dashboard" || value.startsWith("/dashboard/");
        if (routesDashboard) {
          problems.push(`Ingress/${ingress.metadata?.name}: path '${value}' (${path.pathType}) can route /dashboard (use Prefix or Exact paths that cannot)`);
        }
      }
    }
  }

  const silos = byKind("Deployment").filter((d) => d.spec?.template?.spec?.containers?.some((c) => c.name === "silo"));
  if (silos.length === 0 && objects.length > 0) {
    problems.push("no silo Deployment (a container named 'silo')");
  }

  for (const deployment of silos) {
    problems.push(...checkSilo(deployment).map((p) => `Deployment/${deployment.metadata?.name}: ${p}`));
  }

  return problems;
}

function checkSilo(deployment) {
  const problems = [];
  const spec = deployment.spec;
  const pod = spec.template.spec;
  const silo = pod.containers.find((c) => c.name === "silo");
  if (!(spec.replicas >= 3)) {
    problems.push(`replicas ${spec.replicas}: run at least 3 silos`);
  }

  if (spec.strategy?.rollingUpdate?.maxUnavailable !== 0) {
    problems.push("rollingUpdate.maxUnavailable must be 0");
  }

  // The host's shutdown timeout is .NET's default 30 s: the kill must come later.
  if (!(pod.terminationGracePeriodSeconds > 30)) {
    problems.push(`terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds}: must exceed the silo's 30 s shutdown timeout`);
  }

  const env = new Map((silo.env ?? []).map((e) => [e.name, e]));
  const field = (name) => env.get(name)?.valueFrom?.fieldRef?.fieldPath;
  if (field("POD_NAME") !== "metadata.name" || env.get("Cluster__SiloName")?.value !== "$(POD_NAME)") {
    problems.push("Cluster__SiloName must be the pod name (POD_NAME from metadata.name)");
  }

  if (field("POD_IP") !== "status.podIP" || env.get("Cluster__AdvertisedAddress")?.value !== "$(POD_IP)") {
    problems.push("Cluster__AdvertisedAddress must be the pod IP (POD_IP from status.podIP)");
  }

  for (const name of ["ConnectionStrings__Postgres", ...[...env.keys()].filter((n) => /^Auth__ApiKeys__\d+__Key/.test(n))]) {
    if (!env.get(name)?.valueFrom?.secretKeyRef) {
      problems.push(`${name} must come from a Secret (secretKeyRef), never a literal`);
    }
  }

  const ports = new Set((silo.ports ?? []).map((p) => p.containerPort));
  for (const port of [11111, 8080]) {
    if (!ports.has(port)) {
      problems.push(`container port ${port} missing`);
    }
  }

  for (const [probe, path] of [["startupProbe", null], ["readinessProbe", "/health/ready"], ["livenessProbe", "/health/live"]]) {
    const actual = silo[probe]?.httpGet?.path;
    if (!actual || (path !== null && actual !== path)) {
      problems.push(`${probe} must be an HTTP GET of ${path ?? "/health/live or /health/ready"}`);
    }
  }

  return problems;
}
