{{/* Names and labels. */}}
{{- define "mailgrid.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mailgrid.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A component's resource name: mailgrid.component (dict "root" $ "component" "silo"). */}}
{{- define "mailgrid.componentName" -}}
{{- printf "%s-%s" (include "mailgrid.fullname" .root | trunc 47 | trimSuffix "-") .component }}
{{- end }}

{{- define "mailgrid.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "mailgrid.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mailgrid
{{- end }}

{{/* Labels of a component: dict "root" $ "component" "ingress". */}}
{{- define "mailgrid.componentLabels" -}}
{{ include "mailgrid.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "mailgrid.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mailgrid.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* A MailGrid image: dict "root" $ "image" .Values.silo.image. */}}
{{- define "mailgrid.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag }}
{{- if .root.Values.image.registry }}
{{- printf "%s/%s:%s" .root.Values.image.registry .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{/* A third-party image from {registry, repository, tag}. */}}
{{- define "mailgrid.externalImage" -}}
{{- if .registry }}
{{- printf "%s/%s:%s" .registry .repository .tag }}
{{- else }}
{{- printf "%s:%s" .repository .tag }}
{{- end }}
{{- end }}

{{/* Secrets: the chart's own Secret holds every secret given as a plain value. */}}
{{- define "mailgrid.secretName" -}}
{{- include "mailgrid.fullname" . }}
{{- end }}

{{- define "mailgrid.blobClaimName" -}}
{{- default (printf "%s-blobs" (include "mailgrid.fullname" .)) .Values.storage.blobs.fileSystem.existingClaim }}
{{- end }}

{{/* Where the appsettings ConfigMap is mounted: the content root of the .NET images is /app. */}}
{{- define "mailgrid.appsettingsPath" -}}
/app/appsettings.Production.json
{{- end }}

{{/* Fails rendering on combinations the schema cannot express. */}}
{{- define "mailgrid.validate" -}}
{{- if and (not .Values.redis.enabled) (not .Values.externalRedis.connectionString) (not .Values.externalRedis.existingSecret) }}
{{- fail "redis.enabled is false: set externalRedis.connectionString or externalRedis.existingSecret" }}
{{- end }}
{{- if and (eq .Values.storage.blobs.provider "AzureBlob") (not .Values.storage.blobs.azure.connectionString) (not .Values.storage.blobs.azure.existingSecret) }}
{{- fail "storage.blobs.provider is AzureBlob: set storage.blobs.azure.connectionString or storage.blobs.azure.existingSecret" }}
{{- end }}
{{- if and .Values.serviceMonitor.enabled (not .Values.telemetry.collector.enabled) }}
{{- fail "serviceMonitor.enabled needs telemetry.collector.enabled (the collector serves the Prometheus metrics)" }}
{{- end }}
{{- if and .Values.dkim.keys (not .Values.dkim.existingSecret) }}
{{- fail "dkim.keys needs dkim.existingSecret (the Secret with the PEM private keys)" }}
{{- end }}
{{- $needed := add .Values.smtp.shutdownDrainTimeoutSeconds .Values.ingress.preStopSleepSeconds 10 }}
{{- if lt (int .Values.ingress.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "ingress.terminationGracePeriodSeconds (%v) must be at least smtp.shutdownDrainTimeoutSeconds + ingress.preStopSleepSeconds + 10 (%v): Kubernetes would kill sessions still draining" .Values.ingress.terminationGracePeriodSeconds $needed) }}
{{- end }}
{{- if and .Values.ingress.autoscaling.enabled (gt (int .Values.ingress.autoscaling.minReplicas) (int .Values.ingress.autoscaling.maxReplicas)) }}
{{- fail "ingress.autoscaling.minReplicas must not exceed ingress.autoscaling.maxReplicas" }}
{{- end }}
{{- $ports := dict }}
{{- range .Values.smtp.listeners }}
{{- if hasKey $ports (toString .containerPort) }}
{{- fail (printf "smtp.listeners: container port %v is used twice" .containerPort) }}
{{- end }}
{{- $_ := set $ports (toString .containerPort) true }}
{{- end }}
{{- if hasKey $ports (toString .Values.http.port) }}
{{- fail (printf "smtp.listeners: container port %v is the HTTP port" .Values.http.port) }}
{{- end }}
{{- end }}
