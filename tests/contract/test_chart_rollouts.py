"""The chart as Argo Rollouts (rollouts.strategy canary or blueGreen), rendered offline: every service's API pods
roll out through a Rollout whose traffic routing names exactly the routes of its VirtualService, analysed by
Prometheus queries that parse and select the new pods by the label the scrape job gives them."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from scripts.mesh import services
from tests.contract.test_chart import PREFIX, _render, _template

MANUAL = ("rollouts.canary.manualApproval=true", "rollouts.blueGreen.manualApproval=true")


def _by_kind(documents: list[dict]) -> dict[tuple[str, str], dict]:
    return {(d["kind"], d["metadata"]["name"]): d for d in documents}


@pytest.fixture(scope="module")
def canary() -> dict[tuple[str, str], dict]:
    return _by_kind(_render(sets=("rollouts.strategy=canary", "rollouts.canary.steps={10,40}")))


@pytest.fixture(scope="module")
def blue_green() -> dict[tuple[str, str], dict]:
    return _by_kind(_render(sets=("rollouts.strategy=blueGreen", *MANUAL)))


def test_by_default_services_are_deployments_without_rollout_resources():
    kinds = {d["kind"] for d in _render()}
    assert "Rollout" not in kinds
    assert "AnalysisTemplate" not in kinds


def test_a_canary_moves_each_service_s_virtual_service_weights_between_two_subsets(canary):
    for service in services():
        name = PREFIX + service.name
        assert ("Deployment", name) not in canary
        rollout = canary["Rollout", name]
        strategy = rollout["spec"]["strategy"]["canary"]
        istio = strategy["trafficRouting"]["istio"]
        virtual_service = canary["VirtualService", istio["virtualService"]["name"]]
        routes = virtual_service["spec"]["http"]
        # Argo Rollouts manages exactly the routes that exist, each split stable 100 / canary 0 until it starts.
        assert istio["virtualService"]["routes"] == [route["name"] for route in routes]
        for route in routes:
            assert [(d["destination"]["subset"], d["weight"]) for d in route["route"]] == [
                ("stable", 100),
                ("canary", 0),
            ]
        subsets = canary["DestinationRule", istio["destinationRule"]["name"]]["spec"]["subsets"]
        assert {s["name"] for s in subsets} == {istio["destinationRule"]["stableSubsetName"], "canary"}
        # The pods of both subsets are this service's (Argo adds each ReplicaSet's hash to the labels).
        pod_labels = rollout["spec"]["template"]["metadata"]["labels"]
        assert all(pod_labels.items() >= s["labels"].items() for s in subsets)
        assert [step.get("setWeight") for step in strategy["steps"] if "setWeight" in step] == [10, 40]
        assert all("duration" in step["pause"] for step in strategy["steps"] if "pause" in step)
        # The analysis runs from the first share on, on both templates.
        analysis = strategy["analysis"]
        assert analysis["startingStep"] == 1
        for template in analysis["templates"]:
            assert ("AnalysisTemplate", template["templateName"]) in canary
        args = {a["name"]: a for a in analysis["args"]}
        assert args["service"]["value"] == service.name
        assert args["candidate-hash"]["valueFrom"] == {"podTemplateHashValue": "Latest"}
        assert args["stable-hash"]["valueFrom"] == {"podTemplateHashValue": "Stable"}
        if ("HorizontalPodAutoscaler", name) in canary:
            assert canary["HorizontalPodAutoscaler", name]["spec"]["scaleTargetRef"]["kind"] == "Rollout"
    # The consumer pods stay Deployments: they take events whichever version wrote them.
    assert any(kind == "Deployment" and name.endswith("-consumer") for kind, name in canary)


def test_manual_approval_is_an_indefinite_pause_before_all_traffic_moves():
    rendered = _by_kind(_render(sets=("rollouts.strategy=canary", MANUAL[0])))
    steps = rendered["Rollout", PREFIX + "orders"]["spec"]["strategy"]["canary"]["steps"]
    assert steps[-1] == {"pause": {}}


def test_blue_green_previews_the_new_pods_and_analyses_after_the_switch(blue_green):
    for service in services():
        name = PREFIX + service.name
        strategy = blue_green["Rollout", name]["spec"]["strategy"]["blueGreen"]
        assert (
            blue_green["Service", strategy["activeService"]]["spec"]["selector"]
            == (blue_green["Service", strategy["previewService"]]["spec"]["selector"])
        )
        assert strategy["autoPromotionEnabled"] is False
        (template,) = strategy["postPromotionAnalysis"]["templates"]
        assert ("AnalysisTemplate", template["templateName"]) in blue_green
        assert strategy["scaleDownDelaySeconds"] >= 30  # the old pods stay for the way back


def test_a_canary_without_istio_is_refused():
    result = _template(sets=("rollouts.strategy=canary", "istio.enabled=false"))
    assert result.returncode != 0
    assert "rollouts.strategy=canary moves traffic with Istio's VirtualService weights" in result.stderr


def test_the_analysis_queries_parse_and_select_the_new_pods_by_the_scraped_label(canary, tmp_path):
    scrape = yaml.safe_load(canary["ConfigMap", PREFIX + "prometheus"]["data"]["prometheus-scrape.yaml"])
    (job,) = scrape["scrape_configs"]
    scraped = {r.get("target_label") for r in job["relabel_configs"]}
    metrics = [
        metric
        for (kind, _), template in canary.items()
        if kind == "AnalysisTemplate"
        for metric in template["spec"]["metrics"]
    ]
    assert {m["name"] for m in metrics} == {"error-ratio", "p95-ceiling", "p95-versus-stable"}
    rules = []
    for metric in metrics:
        query = metric["provider"]["prometheus"]["query"]
        selected = set(re.findall(r"(\w+)=~?\"", query))
        assert selected <= scraped | {"code", "le"}, selected - scraped
        assert "rollouts_pod_template_hash" in selected
        assert metric["successCondition"].startswith("isNaN(result) || result <= ")
        filled = query.replace("{{args.service}}", "orders").replace("{{args.candidate-hash}}", "6d4f")
        rules.append({"record": f"shopmesh:analysis_{metric['name'].replace('-', '_')}", "expr": filled})
    path = tmp_path / "analysis-rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "analysis", "rules": rules}]}))
    checked = subprocess.run(["promtool", "check", "rules", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
