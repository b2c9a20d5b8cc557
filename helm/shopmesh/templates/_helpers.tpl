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

{{/* The settings of one service: serviceDefaults overlaid with services.<name>. */}}
{{- define "shopmesh.settings" -}}
{{- $own := index .root.Values.services .name | default dict -}}
{{- mustMergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own) | toYaml -}}
{{- end -}}

{{- define "shopmesh.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
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
- name: SHOPMESH_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .root.Values.kafka.bootstrapServers | quote }}
- name: SHOPMESH_REDIS_URL
  value: {{ .root.Values.redis.url | quote }}
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
  - destination:
      host: {{ .host }}
      port:
        number: {{ .port }}
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
