{{/* The generated description of the mesh (scripts/chart_files.py): services, retry-safe methods, callers. */}}
{{- define "shopmesh.mesh" -}}
{{- .Files.Get "files/mesh.yaml" -}}
{{- end -}}

{{- define "shopmesh.labels" -}}
app.kubernetes.io/part-of: shopmesh
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{ include "shopmesh.selector" . }}
{{- end -}}

{{- define "shopmesh.selector" -}}
app.kubernetes.io/name: {{ .name }}
{{- end -}}

{{/* The settings of one service (or of the gateway, .name "gateway", from .root.Values.gateway): the defaults,
overlaid with the resources and autoscaling measured for it (files/sizing.yaml, generated from `make bench`),
overlaid with what the values say for it. */}}
{{- define "shopmesh.settings" -}}
{{- $measured := index (.root.Files.Get "files/sizing.yaml" | fromYaml) .name | default dict -}}
{{- if eq .name "gateway" -}}
{{- mustMergeOverwrite (deepCopy $measured) (deepCopy .root.Values.gateway) | toYaml -}}
{{- else -}}
{{- $own := index .root.Values.services .name | default dict -}}
{{- mustMergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $measured) (deepCopy $own) | toYaml -}}
{{- end -}}
{{- end -}}

{{/* The image by digest when one is given (what was built and tested is what runs), else by tag. */}}
{{- define "shopmesh.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{/* Hardened container and pod settings shared by every workload. */}}
{{- define "shopmesh.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "shopmesh.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Environment of a service's container (serve and migrate). */}}
{{- define "shopmesh.env" -}}
{{- $mesh := include "shopmesh.mesh" .root | fromYaml -}}
{{- $service := index $mesh.services .name -}}
{{- $settings := include "shopmesh.settings" . | fromYaml -}}
- name: SHOPMESH_ENVIRONMENT
  value: {{ $settings.environment | default .root.Values.environment | quote }}
- name: SHOPMESH_LOG_LEVEL
  value: {{ .root.Values.logLevel | quote }}
- name: SHOPMESH_HOST
  value: "0.0.0.0"
- name: SHOPMESH_GRPC_PORT
  value: {{ $service.port | quote }}
- name: SHOPMESH_MIGRATE_ON_START
  value: "false"
{{- if $service.kafka }}
- name: SHOPMESH_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .root.Values.kafka.bootstrapServers | quote }}
- name: SHOPMESH_KAFKA_SECURITY_PROTOCOL
  value: {{ .root.Values.kafka.securityProtocol | quote }}
- name: SHOPMESH_KAFKA_SASL_MECHANISM
  value: {{ .root.Values.kafka.saslMechanism | quote }}
- name: SHOPMESH_KAFKA_USERNAME
  value: {{ .name | quote }}
- name: SHOPMESH_KAFKA_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s%s-credentials" $mesh.namePrefix .name }}
      key: {{ .root.Values.kafka.passwordKey }}
{{- end }}
- name: SHOPMESH_REDIS_URL
  value: {{ .root.Values.redis.url | quote }}
{{- if $service.redis }}
- name: SHOPMESH_REDIS_USERNAME
  value: {{ .name | quote }}
- name: SHOPMESH_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s%s-credentials" $mesh.namePrefix .name }}
      key: {{ .root.Values.redis.passwordKey }}
{{- end }}
{{- range $other, $spec := $mesh.services }}
- name: SHOPMESH_{{ upper $other }}_TARGET
  value: "{{ $mesh.namePrefix }}{{ $other }}:{{ $spec.port }}"
{{- end }}
{{- if $service.database }}
- name: SHOPMESH_DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.postgres.passwordSecret.name }}
      key: {{ .root.Values.postgres.passwordSecret.key }}
- name: SHOPMESH_DATABASE_URL
  value: "postgresql+asyncpg://{{ .root.Values.postgres.user }}:$(SHOPMESH_DATABASE_PASSWORD)@{{ .root.Values.postgres.host }}:{{ .root.Values.postgres.port }}/{{ .name }}"
- name: SHOPMESH_DATABASE_POOL_SIZE
  value: {{ .root.Values.postgres.poolSize | quote }}
{{- end }}
{{- if eq .name "identity" }}
- name: SHOPMESH_JWT_PRIVATE_KEY_FILE
  value: /etc/shopmesh/jwt/{{ .root.Values.identity.signingKeySecret.key }}
- name: SHOPMESH_SERVICE_CREDENTIALS_KEY_FILE
  value: /etc/shopmesh/service-credentials/{{ .root.Values.identity.serviceCredentialsKeySecret.key }}
{{- end }}
{{- if and (eq .name "catalog") .root.Values.media.endpoint }}
- name: SHOPMESH_MEDIA_S3_ENDPOINT
  value: {{ .root.Values.media.endpoint | quote }}
- name: SHOPMESH_MEDIA_S3_REGION
  value: {{ .root.Values.media.region | quote }}
- name: SHOPMESH_MEDIA_UPLOADS_BUCKET
  value: {{ .root.Values.media.uploadsBucket | quote }}
- name: SHOPMESH_MEDIA_BUCKET
  value: {{ .root.Values.media.mediaBucket | quote }}
- name: SHOPMESH_MEDIA_PUBLIC_URL
  value: {{ .root.Values.media.publicUploadUrl | quote }}
- name: SHOPMESH_MEDIA_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.media.credentialsSecret.name }}
      key: {{ .root.Values.media.credentialsSecret.accessKeyKey }}
- name: SHOPMESH_MEDIA_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.media.credentialsSecret.name }}
      key: {{ .root.Values.media.credentialsSecret.secretKeyKey }}
{{- end }}
{{- if eq .name "shipping" }}
- name: SHOPMESH_CARRIER_WEBHOOK_SECRETS
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.shipping.carrierWebhookSecrets.name }}
      key: {{ .root.Values.shipping.carrierWebhookSecrets.key }}
      optional: true
{{- end }}
- name: SHOPMESH_SERVICE_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s%s-credentials" $mesh.namePrefix .name }}
      key: {{ .root.Values.serviceSecretKey }}
- name: SHOPMESH_METRICS_PORT
  value: {{ .root.Values.telemetry.metrics.port | quote }}
{{- if .root.Values.telemetry.traces.enabled }}
- name: SHOPMESH_TRACE_EXPORTER
  value: otlp
- name: SHOPMESH_TRACE_ENDPOINT
  value: {{ .root.Values.telemetry.traces.otlpEndpoint | quote }}
- name: SHOPMESH_TRACE_SAMPLE_RATIO
  value: {{ .root.Values.telemetry.traces.sampleRatio | quote }}
{{- end }}
- name: SHOPMESH_SHUTDOWN_DELAY_SECONDS
  value: {{ $settings.shutdownDelaySeconds | quote }}
- name: SHOPMESH_SHUTDOWN_GRACE_SECONDS
  value: {{ $settings.shutdownGraceSeconds | quote }}
{{- range $key, $value := $settings.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* One VirtualService route body: destination, timeout, retries (only when safe), chaos faults. */}}
{{- define "shopmesh.route" -}}
{{- $istio := .root.Values.istio -}}
route:
{{- if eq .root.Values.rollouts.strategy "canary" }}
  {{- /* Argo Rollouts moves these weights during a canary (the Rollout names this route). */}}
  - destination:
      host: {{ .host }}
      subset: stable
      port:
        number: {{ .port }}
    weight: 100
  - destination:
      host: {{ .host }}
      subset: canary
      port:
        number: {{ .port }}
    weight: 0
{{- else }}
  - destination:
      host: {{ .host }}
      port:
        number: {{ .port }}
{{- end }}
timeout: {{ .timeout }}
retries:
  {{- if .retry }}
  attempts: {{ $istio.retries.attempts }}
  perTryTimeout: {{ .perTryTimeout | default $istio.retries.perTryTimeout }}
  retryOn: {{ $istio.retries.retryOn }}
  {{- else }}
  attempts: 0
  {{- end }}
{{- $chaos := $istio.faultInjection }}
{{- if and $chaos.enabled (eq $chaos.service .name) }}
fault:
  delay:
    percentage:
      value: {{ $chaos.delay.percentage }}
    fixedDelay: {{ $chaos.delay.fixedDelay }}
  abort:
    percentage:
      value: {{ $chaos.abort.percentage }}
    grpcStatus: {{ $chaos.abort.grpcStatus }}
{{- end }}
{{- end -}}

{{/* The names of a service's VirtualService routes, in order (templates/istio/mtls-and-traffic.yaml): a route
     per method with a timeout of its own, then reads and idempotent writes (retried), then the rest. */}}
{{- define "shopmesh.routeNames" -}}
{{- $istio := .root.Values.istio -}}
{{- $service := .service -}}
{{- $names := list -}}
{{- range $path, $timeout := $istio.timeouts.perMethod }}
{{- if has (regexReplaceAll "/[^/]+$" (trimPrefix "/" $path) "") $service.grpcServices }}
{{- $names = append $names (base $path | lower) }}
{{- end }}
{{- end }}
{{- range list "reads" "idempotentWrites" }}
{{- $own := 0 }}
{{- range (index $service .) }}{{ if not (hasKey $istio.timeouts.perMethod .) }}{{ $own = add1 $own }}{{ end }}{{ end }}
{{- if $own }}{{ $names = append $names (eq . "reads" | ternary "reads" "idempotent-writes") }}{{ end }}
{{- end }}
{{- toYaml (append $names "default") }}
{{- end -}}

{{/* How a service's Rollout moves to a new image (rollouts.strategy canary or blueGreen; values.yaml). */}}
{{- define "shopmesh.rolloutStrategy" -}}
{{- $root := .root -}}
{{- $rollouts := $root.Values.rollouts -}}
{{- $mesh := include "shopmesh.mesh" $root | fromYaml -}}
{{- $fullname := printf "%s%s" $mesh.namePrefix .name -}}
{{- $args := list (dict "name" "service" "value" .name) (dict "name" "candidate-hash" "valueFrom" (dict "podTemplateHashValue" "Latest")) -}}
{{- if eq $rollouts.strategy "canary" }}
canary:
  trafficRouting:
    istio:
      virtualService:
        name: {{ $fullname }}
        routes:
          {{- include "shopmesh.routeNames" (dict "root" $root "service" .service) | nindent 10 }}
      destinationRule:
        name: {{ $fullname }}
        stableSubsetName: stable
        canarySubsetName: canary
  # From the first share on, in the background: a breach aborts the rollout (all traffic back to stable).
  analysis:
    startingStep: 1
    templates:
      - templateName: {{ $mesh.namePrefix }}candidate
      - templateName: {{ $mesh.namePrefix }}versus-stable
    args:
      {{- toYaml (append $args (dict "name" "stable-hash" "valueFrom" (dict "podTemplateHashValue" "Stable"))) | nindent 6 }}
  steps:
    {{- range $rollouts.canary.steps }}
    - setWeight: {{ . }}
    - pause:
        duration: {{ $rollouts.canary.pause }}
    {{- end }}
    {{- if $rollouts.canary.manualApproval }}
    - pause: {}
    {{- end }}
{{- else }}
blueGreen:
  activeService: {{ $fullname }}
  previewService: {{ $fullname }}-preview
  autoPromotionEnabled: {{ not $rollouts.blueGreen.manualApproval }}
  scaleDownDelaySeconds: {{ $rollouts.blueGreen.scaleDownDelaySeconds }}
  # After the switch, while the old pods stay: a breach switches the Service back to them.
  postPromotionAnalysis:
    templates:
      - templateName: {{ $mesh.namePrefix }}candidate
    args:
      {{- toYaml $args | nindent 6 }}
{{- end }}
{{- end -}}

{{/* A service's Deployment: its API pods, or (consumers=true, name "<service>-consumer") the pods that run
     its Kafka consumer group. Both run `python -m services.<service> serve`; SHOPMESH_RUN_CONSUMERS says which.
     rollout=true (the API pods): an Argo Rollout instead when rollouts.strategy asks for one. */}}
{{- define "shopmesh.deployment" -}}
{{- $ctx := .ctx -}}
{{- $root := $ctx.root -}}
{{- $service := .service -}}
{{- $settings := .settings -}}
{{- $fullname := .fullname -}}
{{- $name := .container | default $ctx.name -}}
{{- $account := .serviceAccount | default $fullname }}
{{- $rollout := and .rollout (ne $root.Values.rollouts.strategy "deployment") }}
---
{{- if $rollout }}
apiVersion: argoproj.io/v1alpha1
kind: Rollout
{{- else }}
apiVersion: apps/v1
kind: Deployment
{{- end }}
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "shopmesh.labels" $ctx | nindent 4 }}
spec:
  {{- if not $settings.autoscaling.enabled }}
  replicas: {{ $settings.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "shopmesh.selector" $ctx | nindent 6 }}
  strategy:
    {{- if $rollout }}
    {{- include "shopmesh.rolloutStrategy" (dict "root" $root "name" $ctx.name "service" $service) | nindent 4 }}
    {{- else }}
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
    {{- end }}
  template:
    metadata:
      labels:
        {{- include "shopmesh.labels" $ctx | nindent 8 }}
        app: {{ $ctx.name }}
        version: {{ $root.Chart.AppVersion | quote }}
      {{- if $root.Values.telemetry.metrics.scrapeAnnotations }}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $root.Values.telemetry.metrics.port | quote }}
        prometheus.io/path: /metrics
      {{- end }}
    spec:
      serviceAccountName: {{ $account }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "shopmesh.podSecurityContext" $root | nindent 8 }}
      terminationGracePeriodSeconds: {{ add $settings.shutdownDelaySeconds $settings.shutdownGraceSeconds 5 }}
      containers:
        - name: {{ $name }}
          image: {{ include "shopmesh.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: ["services.{{ $name }}", "serve"]
          ports:
            - name: grpc
              containerPort: {{ $service.port }}
              protocol: TCP
            - name: metrics
              containerPort: {{ $root.Values.telemetry.metrics.port }}
              protocol: TCP
          env:
            {{- include "shopmesh.env" (dict "root" $root "name" $name) | nindent 12 }}
            - name: SHOPMESH_RUN_CONSUMERS
              value: {{ .consumers | quote }}
          # Native gRPC probes on grpc.health.v1: readiness follows the service's dependencies (database,
          # Redis); liveness only asks whether the process answers, so an outage never restarts pods.
          startupProbe:
            grpc:
              port: {{ $service.port }}
              service: liveness
            periodSeconds: 2
            failureThreshold: 30
          readinessProbe:
            grpc:
              port: {{ $service.port }}
              service: {{ index $service.grpcServices 0 }}
            periodSeconds: 5
            failureThreshold: 2
          livenessProbe:
            grpc:
              port: {{ $service.port }}
              service: liveness
            periodSeconds: 10
            failureThreshold: 3
          resources:
            {{- toYaml $settings.resources | nindent 12 }}
          securityContext:
            {{- include "shopmesh.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if eq $name "identity" }}
            - name: jwt
              mountPath: /etc/shopmesh/jwt
              readOnly: true
            - name: service-credentials
              mountPath: /etc/shopmesh/service-credentials
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if eq $name "identity" }}
        - name: jwt
          secret:
            secretName: {{ $root.Values.identity.signingKeySecret.name }}
            defaultMode: 0440
        - name: service-credentials
          secret:
            secretName: {{ $root.Values.identity.serviceCredentialsKeySecret.name }}
            defaultMode: 0440
        {{- end }}
{{- end -}}
