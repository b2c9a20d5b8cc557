"""The Helm chart and its Istio policy, rendered offline: every service is deployed, probed on the right
port, hardened, and allowed to be called by exactly the services whose code calls it."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict

import pytest
import yaml
from google.protobuf import descriptor_pool
from google.protobuf.descriptor_pb2 import MethodOptions

from scripts.call_graph import _calls_in, call_graph
from scripts.gateway_config import _edge_methods, _load_contracts
from scripts.k8s_schemas import schema_locations
from scripts.mesh import ROOT, TOOLS, services

CHART = ROOT / "helm" / "shopmesh"
HELM = TOOLS / "bin" / "helm"
KUBECONFORM = TOOLS / "bin" / "kubeconform"
NAMESPACE = "shop"
PREFIX = "shopmesh-"


def _template(*values: str, sets: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    args = [a for v in values for a in ("-f", str(CHART / v))] + [a for s in sets for a in ("--set", s)]
    return subprocess.run(
        [HELM, "template", "shopmesh", CHART, "--namespace", NAMESPACE, *args], capture_output=True, text=True
    )


def _render(*values: str, sets: tuple[str, ...] = ()) -> list[dict]:
    result = _template(*values, sets=sets)
    assert result.returncode == 0, result.stderr
    return [d for d in yaml.safe_load_all(result.stdout) if d]


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], dict]:
    return {(d["kind"], d["metadata"]["name"]): d for d in _render()}


def _service_dirs() -> set[str]:
    return {p.parent.name for p in (ROOT / "services").glob("*/__main__.py")}


def test_every_service_package_is_in_the_mesh():
    assert _service_dirs() == {s.name for s in services()}


@pytest.mark.parametrize("service", sorted(_service_dirs()))
def test_every_service_has_its_workload_identity_and_mesh_policy(rendered, service):
    name = PREFIX + service
    for kind in (
        "Deployment",
        "Service",
        "ServiceAccount",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "DestinationRule",
        "VirtualService",
        "AuthorizationPolicy",
    ):
        assert (kind, name) in rendered, f"{kind} {name} is missing"
    assert rendered["Deployment", name]["spec"]["template"]["spec"]["serviceAccountName"] == name


@pytest.mark.parametrize("mesh_service", services(), ids=lambda s: s.name)
def test_probes_and_ports_match_the_service(rendered, mesh_service):
    name = PREFIX + mesh_service.name
    (port,) = rendered["Service", name]["spec"]["ports"]
    assert port["port"] == mesh_service.port
    assert port["name"] == "grpc"
    assert port["appProtocol"] == "grpc"
    container = rendered["Deployment", name]["spec"]["template"]["spec"]["containers"][0]
    assert container["ports"] == [
        {"name": "grpc", "containerPort": mesh_service.port, "protocol": "TCP"},
        {"name": "metrics", "containerPort": 9464, "protocol": "TCP"},
    ]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["SHOPMESH_GRPC_PORT"] == str(mesh_service.port)
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["grpc"]["port"] == mesh_service.port, probe
    # Readiness follows the service's dependencies; liveness must not (see services/runtime/health.py).
    assert container["readinessProbe"]["grpc"]["service"] == mesh_service.grpc_services[0]
    assert container["livenessProbe"]["grpc"]["service"] == "liveness"


def test_every_pod_is_scraped_and_exports_spans_over_otlp(rendered):
    pods = [
        d["spec"]["template"]
        for (kind, _), d in rendered.items()
        if kind == "Deployment" and d["metadata"]["name"] not in (PREFIX + "gateway", PREFIX + "ratelimit")
    ]
    assert len(pods) == len(services()) + sum(1 for s in services() if s.consumer_group)
    for pod in pods:
        annotations = pod["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        assert annotations["prometheus.io/port"] == "9464"
        env = {e["name"]: e.get("value") for e in pod["spec"]["containers"][0]["env"]}
        assert env["SHOPMESH_METRICS_PORT"] == "9464"
        assert env["SHOPMESH_TRACE_EXPORTER"] == "otlp"
        assert env["SHOPMESH_TRACE_ENDPOINT"].endswith("/v1/traces")


@pytest.mark.parametrize("mesh_service", services(), ids=lambda s: s.name)
def test_each_service_reads_only_its_own_client_secret(rendered, mesh_service):
    pod = rendered["Deployment", PREFIX + mesh_service.name]["spec"]["template"]["spec"]
    env = {e["name"]: e for e in pod["containers"][0]["env"]}
    reference = env["SHOPMESH_SERVICE_SECRET"]["valueFrom"]["secretKeyRef"]
    assert reference == {"name": f"{PREFIX}{mesh_service.name}-credentials", "key": "secret"}
    mounted = {v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v}
    if mesh_service.name == "identity":  # the key every secret derives from: identity's alone
        assert "shopmesh-service-credentials" in mounted
        assert env["SHOPMESH_SERVICE_CREDENTIALS_KEY_FILE"]["value"].startswith("/etc/shopmesh/service-credentials/")
    else:
        assert "shopmesh-service-credentials" not in mounted
        assert "SHOPMESH_SERVICE_CREDENTIALS_KEY_FILE" not in env
    # Kafka and Redis: its own principal, its own password, from its own Secret; none for what it does not use.
    own = {"name": f"{PREFIX}{mesh_service.name}-credentials"}
    if mesh_service.uses_kafka:
        assert env["SHOPMESH_KAFKA_USERNAME"]["value"] == mesh_service.name
        assert env["SHOPMESH_KAFKA_SECURITY_PROTOCOL"]["value"] == "SASL_PLAINTEXT"
        assert env["SHOPMESH_KAFKA_PASSWORD"]["valueFrom"]["secretKeyRef"] == {**own, "key": "kafka-password"}
    else:  # no Kafka at all: nothing for prod's SASL_SSL rule to refuse either
        assert not {name for name in env if name.startswith("SHOPMESH_KAFKA_")}
    if mesh_service.redis_keys:
        assert env["SHOPMESH_REDIS_USERNAME"]["value"] == mesh_service.name
        assert env["SHOPMESH_REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {**own, "key": "redis-password"}
    else:
        assert "SHOPMESH_REDIS_PASSWORD" not in env


def test_the_rate_limit_service_runs_with_the_generated_limits_and_only_the_gateway_may_ask_it(rendered):
    config = yaml.safe_load(rendered["ConfigMap", f"{PREFIX}ratelimit"]["data"]["shopmesh.yaml"])
    assert config["domain"] == "shopmesh"
    # Nobody is exempt in a cluster (local stacks exempt loopback tools).
    assert not any(d.get("value") for scope in config["descriptors"] for d in scope["descriptors"])
    pod = rendered["Deployment", f"{PREFIX}ratelimit"]["spec"]["template"]
    env = {e["name"]: e for e in pod["spec"]["containers"][0]["env"]}
    assert env["REDIS_AUTH"]["value"] == "ratelimit:$(REDIS_PASSWORD)"
    assert env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == f"{PREFIX}ratelimit-credentials"
    assert pod["metadata"]["annotations"]["prometheus.io/scrape"] == "true"
    policy = rendered["AuthorizationPolicy", f"{PREFIX}ratelimit"]["spec"]
    assert policy["rules"] == [
        {"from": [{"source": {"principals": [f"cluster.local/ns/{NAMESPACE}/sa/{PREFIX}gateway"]}}]}
    ]
    envoy = yaml.safe_load((CHART / "files" / "envoy.yaml").read_text())
    clusters = {c["name"]: c for c in envoy["static_resources"]["clusters"]}
    endpoint = clusters["ratelimit"]["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]
    assert endpoint["address"]["socket_address"] == {"address": f"{PREFIX}ratelimit", "port_value": 8081}


def test_dashboards_and_alert_rules_ship_for_grafana_and_prometheus(rendered):
    from scripts import monitoring

    dashboards = {name: d for (kind, name), d in rendered.items() if kind == "ConfigMap" and "dashboard" in name}
    assert len(dashboards) == len(monitoring.ALL)
    for config_map in dashboards.values():
        assert config_map["metadata"]["labels"]["grafana_dashboard"] == "1"
        ((file_name, text),) = config_map["data"].items()
        assert json.loads(text)["panels"], file_name
    rules = rendered["ConfigMap", "shopmesh-prometheus"]["data"]
    assert yaml.safe_load(rules["alerts.yml"]) == yaml.safe_load((ROOT / "monitoring" / "alerts.yml").read_text())
    (job,) = yaml.safe_load(rules["prometheus-scrape.yaml"])["scrape_configs"]
    assert any(r.get("target_label") == "service" for r in job["relabel_configs"])


def test_every_workload_runs_hardened_with_resources(rendered):
    deployments = [d for (kind, _), d in rendered.items() if kind in ("Deployment", "Job")]
    consumer_groups = sum(1 for s in services() if s.consumer_group)
    gateway_and_rate_limit_service = 2
    assert len(deployments) == (
        len(services()) + gateway_and_rate_limit_service + consumer_groups + sum(s.database for s in services())
    )
    for workload in deployments:
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            assert container["resources"]["requests"]
            assert container["resources"]["limits"]


def _main_container(rendered: dict, kind: str, name: str) -> dict:
    return rendered[kind, name]["spec"]["template"]["spec"]["containers"][0]


@pytest.mark.parametrize("workload", [*sorted(s.name for s in services()), "gateway"])
def test_every_workload_is_sized_by_what_the_bench_measured(rendered, workload):
    """Requests, limits and the autoscaler's bounds follow bench/costs.json (scripts/chart_sizing.py): the more a
    checkout costs a service, the more CPU its replicas ask for and the more of them the autoscaler may run."""
    from scripts.chart_sizing import autoscaling_policy, read_costs, sizing

    measured = sizing(read_costs())[workload]
    floor, target = autoscaling_policy()
    container = _main_container(rendered, "Deployment", PREFIX + workload)
    assert container["resources"] == measured["resources"]
    autoscaler = rendered["HorizontalPodAutoscaler", PREFIX + workload]["spec"]
    assert autoscaler["maxReplicas"] == measured["autoscaling"]["maxReplicas"]
    assert autoscaler["minReplicas"] == floor
    assert autoscaler["metrics"][0]["resource"]["target"]["averageUtilization"] == target


def test_sizing_follows_the_cost_of_a_checkout_and_values_still_win():
    from scripts.chart_sizing import cpu_millicores, read_costs, replicas_for

    costs = read_costs()["services"]
    heaviest = max(costs, key=lambda name: costs[name]["cpu_ms_per_checkout"])
    lightest = min(costs, key=lambda name: costs[name]["cpu_ms_per_checkout"])
    assert cpu_millicores(costs[heaviest]["cpu_ms_per_checkout"]) > cpu_millicores(
        costs[lightest]["cpu_ms_per_checkout"]
    )
    assert replicas_for(200, costs[heaviest]["cpu_ms_per_checkout"]) >= replicas_for(
        10, costs[heaviest]["cpu_ms_per_checkout"]
    )
    overridden = {
        (d["kind"], d["metadata"]["name"]): d
        for d in _render(sets=("services.orders.resources.requests.cpu=777m", "gateway.resources.limits.memory=1Gi"))
    }
    assert _main_container(overridden, "Deployment", PREFIX + "orders")["resources"]["requests"]["cpu"] == "777m"
    assert _main_container(overridden, "Deployment", PREFIX + "gateway")["resources"]["limits"]["memory"] == "1Gi"


def test_consumer_groups_run_in_deployments_of_their_own(rendered):
    """The API pods of a service with a consumer group do not consume; a Deployment of the same image does."""
    with_consumers = [s for s in services() if s.consumer_group]
    assert with_consumers
    for service in with_consumers:
        api = rendered["Deployment", PREFIX + service.name]["spec"]["template"]["spec"]
        consumer = rendered["Deployment", f"{PREFIX}{service.name}-consumer"]["spec"]["template"]["spec"]

        def env(pod):  # type: ignore[no-untyped-def]
            return {e["name"]: e.get("value") for e in pod["containers"][0]["env"]}

        assert env(api)["SHOPMESH_RUN_CONSUMERS"] == "false"
        assert env(consumer)["SHOPMESH_RUN_CONSUMERS"] == "true"
        assert consumer["containers"][0]["args"] == api["containers"][0]["args"]
        assert consumer["serviceAccountName"] == api["serviceAccountName"]
        # The Service routes RPCs to the API pods only.
        selector = rendered["Service", PREFIX + service.name]["spec"]["selector"]
        consumer_labels = rendered["Deployment", f"{PREFIX}{service.name}-consumer"]["spec"]["template"]["metadata"]
        assert not selector.items() <= consumer_labels["labels"].items()


def test_migrations_run_as_a_pre_install_and_pre_upgrade_hook_per_database(rendered):
    jobs = {name for (kind, name) in rendered if kind == "Job"}
    assert jobs == {f"{PREFIX}{s.name}-migrate" for s in services() if s.database}
    for name in jobs:
        job = rendered["Job", name]
        assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
        assert job["spec"]["template"]["spec"]["containers"][0]["args"][1] == "migrate"


def test_the_books_are_reconciled_on_a_schedule_from_the_image(rendered):
    """A CronJob runs scripts/reconcile.py (copied into the image) against every service's database; a finding
    fails its Job."""
    cron = rendered["CronJob", f"{PREFIX}reconcile"]["spec"]
    assert cron["concurrencyPolicy"] == "Forbid"
    job = cron["jobTemplate"]["spec"]
    assert job["backoffLimit"] == 0
    (container,) = job["template"]["spec"]["containers"]
    assert container["args"][:2] == ["scripts.reconcile", "--json"]
    databases = {a.split("=", 2)[1] for a in container["args"] if a.startswith("--database=")}
    assert databases == {s.name for s in services() if s.database}
    assert all("$(DATABASE_PASSWORD)@" in a for a in container["args"] if a.startswith("--database="))
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "scripts/reconcile.py" in dockerfile


def _allowed(rendered) -> dict[str, dict[str, set[str]]]:
    """{callee: {caller: paths}} as the AuthorizationPolicies of the services say."""
    allowed: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    principal_prefix = f"cluster.local/ns/{NAMESPACE}/sa/{PREFIX}"
    for service in services():
        policy = rendered["AuthorizationPolicy", PREFIX + service.name]["spec"]
        assert policy["action"] == "ALLOW"
        assert policy["selector"]["matchLabels"] == {"app.kubernetes.io/name": service.name}
        for rule in policy["rules"]:
            (origin,) = rule["from"]
            for principal in origin["source"]["principals"]:
                assert principal.startswith(principal_prefix)
                caller = principal.removeprefix(principal_prefix)
                for operation in rule["to"]:
                    allowed[service.name][caller] |= set(operation["operation"]["paths"])
    return allowed


def test_authorization_is_deny_by_default(rendered):
    assert rendered["AuthorizationPolicy", "allow-nothing"]["spec"] == {}
    assert rendered["PeerAuthentication", "default"]["spec"] == {"mtls": {"mode": "STRICT"}}


def test_the_allow_lists_equal_the_call_graph_read_from_the_code(rendered):
    """Service to service: exactly what the code calls; the gateway: what the edge routes, plus health."""
    _load_contracts()
    expected: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for callee, callers in call_graph(services()).items():
        for caller, paths in callers.items():
            expected[callee][caller] = set(paths)
    for service in services():
        edge = {f"/{g}/{m}" for g in service.grpc_services for m in _edge_methods(g)}
        expected[service.name]["gateway"] = edge | {"/grpc.health.v1.Health/Check"}
    allowed = _allowed(rendered)
    assert {k: dict(v) for k, v in allowed.items()} == dict(expected)
    # Every principal is a ServiceAccount the chart creates.
    accounts = {name for (kind, name) in rendered if kind == "ServiceAccount"}
    assert {PREFIX + caller for callers in allowed.values() for caller in callers} <= accounts


def test_internal_saga_steps_are_reachable_from_orders_only(rendered):
    allowed = _allowed(rendered)
    assert set(allowed["payments"]) == {"gateway", "orders"}
    assert not any("AuthorizePayment" in path for path in allowed["payments"]["gateway"])
    assert "/shop.payments.v1.PaymentsService/AuthorizePayment" in allowed["payments"]["orders"]


def test_the_call_graph_sees_a_new_call():
    source = (
        "from shop.catalog.v1 import catalog_service_pb2_grpc\n"
        "class Client:\n"
        "    def __init__(self, channel):\n"
        "        self._catalog = catalog_service_pb2_grpc.CatalogServiceStub(channel)\n"
        "    async def product(self, request):\n"
        "        return await self._catalog.GetProduct(request)\n"
    )
    assert _calls_in(source) == {("CatalogService", "GetProduct")}


def test_only_calls_that_are_safe_to_repeat_are_retried(rendered):
    _load_contracts()
    pool = descriptor_pool.Default()
    for service in services():
        virtual_service = rendered["VirtualService", PREFIX + service.name]["spec"]
        assert virtual_service["hosts"] == [f"{PREFIX}{service.name}.{NAMESPACE}.svc.cluster.local"]
        routes = virtual_service["http"]
        assert "match" not in routes[-1]
        assert routes[-1]["retries"] == {"attempts": 0}
        for route in routes:
            assert route["timeout"]
            if route["retries"]["attempts"] == 0:
                continue
            assert set(route["retries"]["retryOn"].split(",")) <= {
                "unavailable",
                "reset",
                "connect-failure",
                "refused-stream",
            }
            for match in route["match"]:
                _, grpc_service, method = match["uri"]["exact"].split("/")
                level = pool.FindServiceByName(grpc_service).FindMethodByName(method).GetOptions().idempotency_level
                assert level in (MethodOptions.NO_SIDE_EFFECTS, MethodOptions.IDEMPOTENT), method
    checkout = rendered["VirtualService", f"{PREFIX}orders"]["spec"]["http"][0]
    assert checkout["match"] == [{"uri": {"exact": "/shop.orders.v1.OrdersService/Checkout"}}]
    assert checkout["timeout"] == "15s"


# A production release on the sandbox payment provider cannot render; deployed as staging it can.
PRE_LAUNCH = ("environment=staging",)


def test_the_production_values_scale_out_and_the_chaos_values_inject_faults():
    production = {(d["kind"], d["metadata"]["name"]): d for d in _render("values-production.yaml", sets=PRE_LAUNCH)}
    hpa = production["HorizontalPodAutoscaler", f"{PREFIX}orders"]["spec"]
    assert hpa["minReplicas"] >= 3
    assert production["PodDisruptionBudget", f"{PREFIX}catalog"]["spec"]["minAvailable"] == 2
    assert production["Gateway", "shopmesh"]["spec"]["servers"][0]["tls"]["mode"] == "SIMPLE"
    chaos = {(d["kind"], d["metadata"]["name"]): d for d in _render("ci/chaos-values.yaml")}
    faults = [r for r in chaos["VirtualService", f"{PREFIX}catalog"]["spec"]["http"] if "fault" in r]
    assert faults
    assert all(r["fault"]["abort"]["grpcStatus"] == "UNAVAILABLE" for r in faults)
    assert not any("fault" in r for r in chaos["VirtualService", f"{PREFIX}orders"]["spec"]["http"])


def test_the_values_schema_knows_every_service():
    schema = json.loads((CHART / "values.schema.json").read_text())
    assert set(schema["properties"]["services"]["propertyNames"]["enum"]) == {s.name for s in services()}
    assert set(yaml.safe_load((CHART / "values.yaml").read_text())["services"]) == {s.name for s in services()}


def _kubeconform(document: str) -> subprocess.CompletedProcess[str]:
    args = [a for location in schema_locations() for a in ("-schema-location", location)]
    return subprocess.run([KUBECONFORM, "-strict", *args, "-"], input=document, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        (  # a misspelt Istio field
            "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x}\n"
            "spec: {hosts: [a], http: [{route: [{destination: {host: a}}], retries: {atempts: 3}}]}\n",
            "is invalid",
        ),
        (  # a misspelt Kubernetes field
            "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 1, appProtocl: grpc}]}\n",
            "is invalid",
        ),
        (  # a kind nobody has a schema for is a failure, not a pass
            "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: x}\nspec: {}\n",
            "could not find schema",
        ),
    ],
    ids=["istio-typo", "kubernetes-typo", "unknown-kind"],
)
def test_the_offline_validation_rejects_what_a_cluster_would(document, complaint):
    result = _kubeconform(document)
    assert result.returncode != 0
    assert complaint in result.stdout


def test_the_image_is_multi_stage_non_root_and_copies_what_exists(rendered):
    """What can be checked without building (tests/e2e/test_image.py builds the image and runs services from it)."""
    lines = [line.split() for line in (ROOT / "Dockerfile").read_text().splitlines() if line and line[0] != "#"]
    assert sum(1 for words in lines if words[0] == "FROM") >= 2
    (user,) = [words[1] for words in lines if words[0] == "USER"]
    assert not user.startswith(("0", "root"))
    sources = [w for words in lines if words[0] == "COPY" and not words[1].startswith("--from") for w in words[1:-1]]
    assert sources
    assert all((ROOT / s).exists() for s in sources)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert all(f"!{s}" in ignored for s in sources)
    # Each Deployment runs `python -m services.<name> serve` from that image.
    for service in services():
        pod = rendered["Deployment", PREFIX + service.name]["spec"]["template"]["spec"]
        assert pod["containers"][0]["args"] == [f"services.{service.name}", "serve"]


def test_a_production_release_on_the_sandbox_payment_provider_does_not_render():
    result = _template("values-production.yaml")
    assert result.returncode != 0
    assert "environment=prod refuses:" in result.stderr
    assert "payments.provider=sandbox: the sandbox approves test cards and takes no money" in result.stderr
    # The production values are otherwise production-ready: the sandbox is the only complaint.
    assert result.stderr.count("\n- ") == 1


@pytest.mark.parametrize(
    ("sets", "complaint"),
    [
        (("kafka.securityProtocol=SASL_PLAINTEXT",), "Kafka must be reached over SASL_SSL"),
        (("redis.url=redis://cache:6379/0",), "a plaintext Redis"),
        (("ratelimit.redisTls=false",), "the rate limit service must reach Redis over TLS"),
        (("istio.ingress.tlsSecret=",), "an ingress without TLS"),
        (("services.payments.environment=staging",), "services.payments.environment=staging"),
        (("services.orders.env.SHOPMESH_ADMIN_PASSWORD=hunter2",), "services.orders.env.SHOPMESH_ADMIN_PASSWORD"),
        (("serviceDefaults.env.SHOPMESH_SERVICE_SECRET=abc",), "serviceDefaults.env.SHOPMESH_SERVICE_SECRET"),
        (("istio.faultInjection.enabled=true",), "chaos drills run outside production"),
        (("gateway.cors.allowedOrigins={*}",), "gateway.cors.allowedOrigins: list the web origins"),
        (("image.digest=",), "image.digest is empty: a production release deploys the image by digest"),
    ],
)
def test_a_production_release_names_each_unsafe_setting(sets, complaint):
    result = _template("values-production.yaml", sets=sets)
    assert result.returncode != 0
    assert complaint in result.stderr
    assert result.stderr.count("\n- ") == 2  # the sandbox, and this one


def test_given_a_digest_every_workload_of_the_image_runs_it_by_digest():
    digest = "sha256:" + "ab" * 32
    documents = _render(sets=(f"image.digest={digest}", "image.tag=moved"))
    images = [
        container["image"]
        for d in documents
        if d["kind"] in ("Deployment", "Job", "CronJob")
        for container in _pod_spec(d)["containers"] + _pod_spec(d).get("initContainers", [])
        if "shopmesh/shopmesh" in container["image"]
    ]
    assert len(images) > len(services())  # every service, its consumers, migrations, the reconcile job
    assert set(images) == {f"shopmesh/shopmesh@{digest}"}


def _pod_spec(document: dict) -> dict:
    spec = document["spec"]
    if document["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def test_outside_prod_the_guards_do_not_apply():
    documents = _render("values-production.yaml", sets=PRE_LAUNCH)
    assert any(d["kind"] == "Deployment" and d["metadata"]["name"] == f"{PREFIX}payments" for d in documents)


def _gateway_envoy_config(documents: list[dict]) -> dict:
    config_map = next(d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"] == f"{PREFIX}gateway")
    return yaml.safe_load(config_map["data"]["envoy.yaml"])


def _cors(config: dict) -> dict:
    manager = config["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]["typed_config"]
    return manager["route_config"]["virtual_hosts"][0]["typed_per_filter_config"]["envoy.filters.http.cors"]


def test_the_gateways_cors_comes_from_the_values_and_envoy_accepts_it(tmp_path):
    sets = (
        "gateway.cors.allowedOrigins={https://shop.example.com,https://admin.example.com}",
        "gateway.cors.maxAgeSeconds=120",
        "gateway.cors.allowCredentials=true",
    )
    config = _gateway_envoy_config(_render(sets=sets))
    cors = _cors(config)
    assert cors["allow_origin_string_match"] == [
        {"exact": "https://shop.example.com"},
        {"exact": "https://admin.example.com"},
    ]
    assert (cors["max_age"], cors["allow_credentials"]) == ("120", True)
    assert "etag" in cors["expose_headers"]
    assert "if-none-match" in cors["allow_headers"]
    # The pod's paths, on this machine: then Envoy itself checks the rendered config.
    text = yaml.safe_dump(config)
    for mount, here in (
        ("/etc/shopmesh/descriptors/descriptors.binpb", str(ROOT / "gen" / "descriptors" / "shopmesh.binpb")),
        ("/etc/shopmesh/descriptors/openapi.json", str(ROOT / "gen" / "openapi" / "shopmesh.swagger.json")),
        ("/var/cache/envoy", str(tmp_path)),
    ):
        text = text.replace(mount, here)
    (tmp_path / "envoy.yaml").write_text(text)
    checked = subprocess.run(
        [ROOT / ".venv" / "bin" / "envoy", "--mode", "validate", "-c", tmp_path / "envoy.yaml"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]
    # The default release is same-origin only; credentials with any origin do not render.
    assert _cors(_gateway_envoy_config(_render()))["allow_origin_string_match"] == []
    refused = _template(sets=("gateway.cors.allowedOrigins={*}", "gateway.cors.allowCredentials=true"))
    assert refused.returncode != 0
    assert "allowCredentials" in refused.stderr
