# ShopMesh. `make up` starts the whole mesh; `make test` runs every test. Both install what they need
# (scripts/bootstrap.sh) and are quick the second time. `make help` lists the rest.
SHELL := /bin/bash
PY := .venv/bin/python
PROFILE ?= dev

.DEFAULT_GOAL := help
.PHONY: image upgrade canary bench load chaos soak reconcile explore lock help bootstrap bootstrap-check up down status logs mail carrier-event migrate gen gateway check test test-unit test-contract test-integration test-e2e test-security clean

help:
	@echo "make up               start infrastructure, services and the Envoy gateway (dev stack), load the demo catalog"
	@echo "make down             stop everything 'make up' started"
	@echo "make status           what is running"
	@echo "make logs             follow every process's log (SERVICE=orders: one; PROFILE=test: the test stack's)"
	@echo "make mail             the newest mail the stack sent, codes included (TO=ann@example.com: hers only)"
	@echo "make carrier-event    play a carrier: a signed tracking report (CARRIER=dhl TRACKING=JD0142 STATUS=delivered)"
	@echo "make test             make check, then unit, contract, integration, end-to-end and security tests, in that order"
	@echo "                      (a failing layer skips the layers after it)"
	@echo "make test-unit        one layer alone (also test-contract, test-integration, test-e2e, test-security)"
	@echo "make gen              regenerate gen/, gateway/envoy.yaml and helm/shopmesh/files/ from proto/, services/"
	@echo "make gateway          regenerate gateway/envoy.yaml only"
	@echo "make migrate          apply database migrations of every service (dev stack)"
	@echo "make check            buf lint/format/breaking, generated-code freshness, helm lint + kubeconform + istioctl analyze, alert rules, ruff"
	@echo "make load             shoppers browsing and checking out through the gateway until Ctrl-C (LOAD_ARGS=--rate 5)"
	@echo "make image            build the image the chart deploys (buildah, Debian base by mmdebstrap; prints reference and digest)"
	@echo "make upgrade          a rolling upgrade from FROM=<git rev> (default: the previous release) to this checkout under load:"
	@echo "                      failed requests and the books (its own stack, .run/release; KEEP=1 leaves it running)"
	@echo "make canary           SERVICE=catalog REV=<git rev>: a candidate beside the stable replicas of the running stack,"
	@echo "                      traffic moved 5/25/50/100 %, judged by Prometheus; promoted or rolled back (CANARY_ARGS=--hold 30)"
	@echo "make bench            throughput and latency of the dev stack (starts it if needed), ratios in one run"
	@echo "make reconcile        check that orders, payments, stock, shipments, mail and analytics agree (RECONCILE_ARGS=--json)"
	@echo "make chaos            fault every component in turn under load; failures, recovery, reconcile (CHAOS_ARGS=--scenario kill-orders)"
	@echo "make soak             10 minutes of load: errors, p95 per minute, memory drift per process (SOAK_ARGS=--minutes 30)"
	@echo "make explore          the stateful search over the REST API at length (EXAMPLES=300 STEPS=40, ~30 min): books hold, no 5xx"
	@echo "make bootstrap        install what the project needs into .venv/ and .tools/ (every target does it first)"
	@echo "make lock             re-pin requirements.lock from pyproject.toml"
	@echo "make clean            stop every stack (dev, test, release) and delete their data (.run/)"

bootstrap:
	@bash scripts/bootstrap.sh

bootstrap-check:  # also the chart's validators (helm, kubeconform, istioctl, schemas): only the checks need them
	@bash scripts/bootstrap.sh check

up: bootstrap
	@$(PY) -m scripts.stack up --profile $(PROFILE)

down:
	@if [ -x $(PY) ]; then $(PY) -m scripts.stack down --profile $(PROFILE); fi

status: bootstrap
	@$(PY) -m scripts.stack status --profile $(PROFILE)

# Every process's log, or one (SERVICE=orders), followed until Ctrl-C.
logs:
	@logs=.run/$(PROFILE)/logs; \
	if [ ! -d "$$logs" ]; then echo "no logs in $$logs: start the stack first (make up)" >&2; exit 1; fi; \
	if [ -n "$(SERVICE)" ]; then \
	  [ -f "$$logs/$(SERVICE).log" ] || { echo "no $$logs/$(SERVICE).log; there are: $$(cd $$logs && ls *.log | sed 's/\.log$$//' | tr '\n' ' ')" >&2; exit 1; }; \
	  tail -n 50 -F "$$logs/$(SERVICE).log"; \
	else tail -n 5 -F $$logs/*.log; fi

mail: bootstrap
	@$(PY) -m scripts.mailbox --profile $(PROFILE) --to "$(TO)" --last $(or $(LAST),3)

# Plays a carrier: a signed tracking report for a shipped order (CARRIER=ups TRACKING=1Z999 STATUS=delivered).
carrier-event: bootstrap
	@$(PY) -m scripts.carrier_event --profile $(PROFILE) --carrier "$(CARRIER)" --tracking "$(TRACKING)" --status "$(STATUS)"

migrate: bootstrap
	@$(PY) -m scripts.stack migrate --profile $(PROFILE)

gen: bootstrap
	@$(PY) scripts/gen_code.py
	@$(PY) -m scripts.gateway_config
	@$(PY) -m scripts.chart_files
	@$(PY) -m scripts.monitoring dashboards

gateway: bootstrap
	@$(PY) -m scripts.gateway_config

check: bootstrap-check
	@bash scripts/check_contracts.sh
	@bash scripts/check_chart.sh
	@promtool check rules monitoring/alerts.yml >/dev/null
	@promtool test rules monitoring/alerts_test.yml >/dev/null && echo "alert rules: checked, every alert fires and clears in monitoring/alerts_test.yml"
	@$(PY) -m scripts.monitoring dashboards --check
	@.tools/bin/redocly lint gen/openapi/shopmesh.swagger.json >/dev/null 2>&1 \
	  || { .tools/bin/redocly lint gen/openapi/shopmesh.swagger.json; exit 1; }
	@echo "gen/openapi/shopmesh.swagger.json: Redocly's lint passes (rules in redocly.yaml)"
	@.venv/bin/ruff check services scripts tests
	@.venv/bin/ruff format --check services scripts tests

test: check
	@$(PY) -m pytest tests

test-unit: bootstrap
	@$(PY) -m pytest tests/unit

test-contract: bootstrap-check
	@$(PY) -m pytest tests/contract

test-integration: bootstrap
	@$(PY) -m pytest tests/integration

test-e2e: bootstrap
	@$(PY) -m pytest tests/e2e

test-security: bootstrap
	@$(PY) -m pytest tests/security

# The Dockerfile's image, built with buildah (no daemon, no registry): scripts/image.sh.
image: bootstrap
	@bash scripts/image.sh

# A rolling upgrade under load on a stack of its own (scripts/upgrade.py); make test runs it from the previous release.
upgrade: bootstrap
	@$(PY) -m scripts.upgrade $(if $(FROM),--from $(FROM)) $(if $(KEEP),--keep)

# One service's candidate revision on the running stack (scripts/canary.py): promoted, or rolled back on a breach.
canary: bootstrap
	@if [ -z "$(SERVICE)" ] || [ -z "$(REV)" ]; then echo "usage: make canary SERVICE=<name> REV=<git rev>" >&2; exit 2; fi
	@$(PY) -m scripts.canary --profile $(PROFILE) --service $(SERVICE) --rev $(REV) $(CANARY_ARGS)

bench: up
	@$(PY) -m scripts.bench

# Shoppers on the REST API (2 visits/s, until Ctrl-C), so traces and dashboards have something to show.
load: up
	@$(PY) -m scripts.load $(LOAD_ARGS)

# The books of a running stack (PROFILE=test: the test stack's); any finding exits non-zero.
reconcile: bootstrap
	@$(PY) -m scripts.reconcile --profile $(PROFILE) $(RECONCILE_ARGS)

# Every fault of scripts/chaos.py under load on the dev stack (about 12 minutes), one table at the end.
chaos: up
	@$(PY) -m scripts.chaos $(CHAOS_ARGS)

soak: up
	@$(PY) -m scripts.soak $(SOAK_ARGS)

# tests/e2e/test_shop_state_machine.py with a long budget (make test runs it with a small one), on the test stack.
explore: bootstrap
	@SHOPMESH_STATE_MACHINE_EXAMPLES=$(or $(EXAMPLES),300) SHOPMESH_STATE_MACHINE_STEPS=$(or $(STEPS),40) \
	  $(PY) -m pytest -q -s --durations=1 tests/e2e/test_shop_state_machine.py

# Re-pins requirements.lock from pyproject.toml in a throwaway virtualenv.
lock:
	rm -rf .tools/lock-venv && python3 -m venv .tools/lock-venv
	.tools/lock-venv/bin/pip install -q --upgrade pip
	.tools/lock-venv/bin/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > .tools/direct.txt
	.tools/lock-venv/bin/pip install -q -r .tools/direct.txt
	{ echo "# Every Python package ShopMesh installs, pinned (pip freeze of pyproject.toml's dependencies + [dev])."; \
	  echo "# Regenerate with \`make lock\` after changing pyproject.toml."; \
	  .tools/lock-venv/bin/pip freeze --all --exclude pip; } > requirements.lock
	rm -rf .tools/lock-venv .tools/direct.txt
	.venv/bin/python -m scripts.lock_hashes

clean:
	@if [ -x $(PY) ]; then for profile in dev test release; do $(PY) -m scripts.stack down --profile $$profile; done; fi
	rm -rf .run
	git worktree prune  # the release drills' checkouts of older revisions lived in .run/release-code
