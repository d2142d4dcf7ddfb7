{{/*
Environment shared by silos and ingress: .NET configuration keys with ":" written as "__".
Call with dict "root" $ "component" "silo"|"ingress".
*/}}
{{- define "mailgrid.commonEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
- name: DOTNET_ENVIRONMENT
  value: Production
- name: ASPNETCORE_ENVIRONMENT
  value: Production
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: MailGrid__Cluster__ClusterId
  value: {{ $v.cluster.clusterId | quote }}
- name: MailGrid__Cluster__ServiceId
  value: {{ $v.cluster.serviceId | quote }}
- name: MailGrid__Http__Port
  value: {{ $v.http.port | quote }}
{{- if $v.redis.enabled }}
- name: ConnectionStrings__redis
  value: {{ printf "%s:6379" (include "mailgrid.componentName" (dict "root" $root "component" "redis")) | quote }}
{{- else }}
- name: ConnectionStrings__redis
  valueFrom:
    secretKeyRef:
      {{- if $v.externalRedis.existingSecret }}
      name: {{ $v.externalRedis.existingSecret }}
      key: {{ $v.externalRedis.existingSecretKey }}
      {{- else }}
      name: {{ include "mailgrid.secretName" $root }}
      key: redis-connection-string
      {{- end }}
{{- end }}
- name: MailGrid__Storage__Blobs__Provider
  value: {{ $v.storage.blobs.provider | quote }}
{{- if eq $v.storage.blobs.provider "FileSystem" }}
- name: MailGrid__Storage__Blobs__RootPath
  value: {{ $v.storage.blobs.fileSystem.mountPath | quote }}
{{- else }}
- name: MailGrid__Storage__Blobs__Azure__Container
  value: {{ $v.storage.blobs.azure.container | quote }}
- name: MailGrid__Storage__Blobs__Azure__ConnectionString
  valueFrom:
    secretKeyRef:
      {{- if $v.storage.blobs.azure.existingSecret }}
      name: {{ $v.storage.blobs.azure.existingSecret }}
      key: {{ $v.storage.blobs.azure.existingSecretKey }}
      {{- else }}
      name: {{ include "mailgrid.secretName" $root }}
      key: azure-blob-connection-string
      {{- end }}
{{- end }}
{{- $otlp := $v.telemetry.otlpEndpoint }}
{{- if $v.telemetry.collector.enabled }}
{{- $otlp = printf "http://%s:4317" (include "mailgrid.componentName" (dict "root" $root "component" "otel-collector")) }}
{{- end }}
{{- if $otlp }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $otlp | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ ternary "grpc" $v.telemetry.otlpProtocol $v.telemetry.collector.enabled | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "mailgrid-%s" .component | quote }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: "service.instance.id=$(POD_NAME),k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)"
{{- end }}
{{- end }}

{{/* Environment of the SMTP ingress: listeners, TLS and session limits. */}}
{{- define "mailgrid.ingressEnv" -}}
{{- $v := .Values -}}
{{- range $i, $l := $v.smtp.listeners }}
- name: MailGrid__Smtp__Listeners__{{ $i }}__Name
  value: {{ $l.name | quote }}
- name: MailGrid__Smtp__Listeners__{{ $i }}__Port
  value: {{ $l.containerPort | quote }}
- name: MailGrid__Smtp__Listeners__{{ $i }}__Tls
  value: {{ $l.tls | quote }}
- name: MailGrid__Smtp__Listeners__{{ $i }}__RequireAuth
  value: {{ $l.requireAuth | default false | quote }}
{{- end }}
{{- if $v.smtp.hostname }}
- name: MailGrid__Smtp__Hostname
  value: {{ $v.smtp.hostname | quote }}
{{- end }}
{{- range $i, $n := $v.smtp.trustedNetworks }}
- name: MailGrid__Smtp__TrustedNetworks__{{ $i }}
  value: {{ $n | quote }}
{{- end }}
- name: MailGrid__Smtp__MaxMessageSize
  value: {{ $v.smtp.maxMessageSize | int64 | quote }}
- name: MailGrid__Smtp__ShutdownDrainTimeout
  {{- $drain := int $v.smtp.shutdownDrainTimeoutSeconds }}
  value: {{ printf "%02d:%02d:%02d" (div $drain 3600) (mod (div $drain 60) 60) (mod $drain 60) | quote }}
{{- /* Kestrel aborts connections when the host's shutdown timeout ends: give it what the grace period leaves. */}}
- name: DOTNET_shutdownTimeoutSeconds
  value: {{ sub (sub $v.ingress.terminationGracePeriodSeconds $v.ingress.preStopSleepSeconds) 5 | quote }}
{{- if $v.smtp.tls.existingSecret }}
- name: MailGrid__Smtp__Tls__CertificatePath
  value: {{ printf "%s/%s" $v.smtp.tls.mountPath $v.smtp.tls.certificateKey | quote }}
- name: MailGrid__Smtp__Tls__KeyPath
  value: {{ printf "%s/%s" $v.smtp.tls.mountPath $v.smtp.tls.privateKeyKey | quote }}
{{- end }}
{{- end }}

{{/* Environment of a silo: the advertised pod IP, Orleans ports and API keys. */}}
{{- define "mailgrid.siloEnv" -}}
{{- $v := .Values -}}
- name: MailGrid__Cluster__AdvertisedAddress
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: MailGrid__Cluster__SiloPort
  value: {{ $v.silo.siloPort | quote }}
- name: MailGrid__Cluster__GatewayPort
  value: {{ $v.silo.gatewayPort | quote }}
- name: DOTNET_shutdownTimeoutSeconds
  value: {{ sub $v.silo.terminationGracePeriodSeconds 10 | quote }}
{{- if $v.http.existingSecret }}
- name: MailGrid__Api__Keys__0
  valueFrom:
    secretKeyRef:
      name: {{ $v.http.existingSecret }}
      key: {{ $v.http.existingSecretKey }}
{{- else }}
{{- range $i, $_ := $v.http.apiKeys }}
- name: MailGrid__Api__Keys__{{ $i }}
  valueFrom:
    secretKeyRef:
      name: {{ include "mailgrid.secretName" $ }}
      key: {{ printf "api-key-%d" $i }}
{{- end }}
{{- end }}
{{- end }}
