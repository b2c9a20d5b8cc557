# syntax=docker/dockerfile:1
# One image for every ShopMesh service; the command picks the service:
#   docker run shopmesh/shopmesh services.catalog serve       (migrate, seed-demo... likewise)
# One image because every service is the same runtime (services/runtime), the same generated code (gen/)
# and the same locked dependencies: one build, one scan, one tag to roll out, and layers shared on nodes.
# The Helm chart sets the arguments per Deployment.
#
# `make image` builds it with buildah and no registry (scripts/image.sh): PYTHON_IMAGE is then a Debian bookworm
# root filesystem with python3, python3-venv and python-is-python3 made by mmdebstrap from Debian's packages.
# Any image with Python 3.11 on Debian serves (the official python:3.11-slim-bookworm is the default).
# Behind a TLS-inspecting proxy, pass its CA bundle as the build secret `ca-certificates` (buildah/docker build
# --secret id=ca-certificates,src=<bundle>): pip trusts it for this build, and it stays out of every layer.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the locked runtime dependencies into a virtualenv (compilers stay in this stage) ---------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements-runtime.lock ./
# Only what [project] dependencies need (no test or dev tools), each file checked against its locked hash.
RUN --mount=type=secret,id=ca-certificates \
    if [ -f /run/secrets/ca-certificates ]; then export PIP_CERT=/run/secrets/ca-certificates; fi \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip install --require-hashes -r requirements-runtime.lock
COPY gen/ /app/gen/
COPY services/ /app/services/
# The books check an operator runs in the cluster (python -m scripts.reconcile; the chart's reconcile CronJob).
COPY scripts/__init__.py scripts/reconcile.py /app/scripts/
RUN /opt/venv/bin/python -m compileall -q /app

# --- run: no compilers, no root, nothing writable but /tmp -------------------------------------------
FROM ${PYTHON_IMAGE}
RUN groupadd --system --gid 10001 shopmesh \
 && useradd --system --uid 10001 --gid shopmesh --no-create-home --shell /usr/sbin/nologin shopmesh
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app:/app/gen \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SHOPMESH_HOST=0.0.0.0
# glibc's malloc as in the local stack (scripts/stack_programs.py): two arenas, blocks over 1 MiB mapped and
# unmapped when freed (identity's 64 MiB password hashes stayed in its heap otherwise)
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576
WORKDIR /app
USER 10001:10001
ENTRYPOINT ["python", "-m"]
CMD ["services.catalog", "serve"]
