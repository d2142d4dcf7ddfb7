{{/* Probes on the HTTP port: /alive (the process runs) for startup and liveness, /health (the cluster answers) for readiness. */}}
{{- define "mailgrid.probes" -}}
{{- $p := .Values.probes -}}
startupProbe:
  httpGet:
    path: /alive
    port: http
  periodSeconds: {{ $p.startup.periodSeconds }}
  failureThreshold: {{ $p.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /alive
    port: http
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.liveness.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /health
    port: http
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.readiness.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
{{- end }}

{{/* Mounts every MailGrid container has: a writable /tmp, the appsettings file and the shared blob folder. */}}
{{- define "mailgrid.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: appsettings
  mountPath: {{ include "mailgrid.appsettingsPath" . }}
  subPath: appsettings.Production.json
  readOnly: true
{{- if eq .Values.storage.blobs.provider "FileSystem" }}
- name: blobs
  mountPath: {{ .Values.storage.blobs.fileSystem.mountPath }}
{{- end }}
{{- end }}

{{- define "mailgrid.commonVolumes" -}}
- name: tmp
  emptyDir: {}
- name: appsettings
  configMap:
    name: {{ include "mailgrid.fullname" . }}
{{- if eq .Values.storage.blobs.provider "FileSystem" }}
- name: blobs
  persistentVolumeClaim:
    claimName: {{ include "mailgrid.blobClaimName" . }}
{{- end }}
{{- end }}

{{/* Spread a component's pods over nodes, softly (one-node clusters still schedule). */}}
{{- define "mailgrid.topologySpread" -}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "mailgrid.selectorLabels" . | nindent 8 }}
{{- end }}

{{/* Annotations that restart pods when their configuration changes (subPath mounts are not refreshed). */}}
{{- define "mailgrid.configChecksums" -}}
checksum/appsettings: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
