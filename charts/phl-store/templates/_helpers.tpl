{{/*
Names and labels shared by every manifest. The release is named after the service
(Argo CD sets releaseName), so the full name is normally just the service name.
*/}}

{{- define "service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "service.fullname" -}}
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

{{- define "service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The image's version for labels and notes: the tag, else the digest's first 12 hex digits. */}}
{{- define "service.imageTag" -}}
{{- .Values.image.tag | default (.Values.image.digest | trimPrefix "sha256:" | trunc 12) }}
{{- end }}

{{/*
The image: repository@digest when a digest is recorded (CI and promotions write one),
else repository:tag. Neither set means the first build has not recorded this
environment's image yet: rendering fails, so Argo CD deploys nothing until it has.
*/}}
{{- define "service.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else if .Values.image.tag }}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- else }}
{{- fail "image.digest is not set for this environment yet: the service's first build (service-build.yaml) records it in values-<environment>.yaml, and service-promote.yaml moves it on" }}
{{- end }}
{{- end }}

{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "service.labels" -}}
helm.sh/chart: {{ include "service.chart" . }}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/version: {{ regexReplaceAll "[^A-Za-z0-9_.-]" (include "service.imageTag" .) "_" | trunc 63 | trimAll "_.-" | quote }}
app.kubernetes.io/component: service
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.partOf }}
app.kubernetes.io/part-of: {{ . }}
{{- end }}
{{- with .Values.environment }}
platform.io/spoke: {{ . }}
{{- end }}
{{- end }}

{{- define "service.serviceAccountName" -}}
{{- default (include "service.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{/* A probe of the kind the values ask for, on the named container port. */}}
{{- define "service.probeHandler" -}}
{{- if eq .Values.probes.type "http" -}}
httpGet:
  path: {{ .Values.probes.path }}
  port: http
{{- else -}}
tcpSocket:
  port: http
{{- end }}
{{- end }}

{{/* Whether /config/config.json is rendered from the database secret (password auth). */}}
{{- define "service.rendersConfig" -}}
{{- if and .Values.database.enabled (eq .Values.database.auth "password") }}true{{ end }}
{{- end }}

{{/* Seed 000's five tags as the AWS Load Balancer Controller reads them: k=v,k=v. */}}
{{- define "service.awsTags" -}}
{{- $tags := dict "Project" .Values.tags.Project "Service" .Values.tags.Service "Environment" (required "environment is required" .Values.environment) "Owner" .Values.tags.Owner "Tenant" .Values.tags.Tenant }}
{{- $pairs := list }}
{{- range $k := list "Project" "Service" "Environment" "Owner" "Tenant" }}
{{- $pairs = append $pairs (printf "%s=%s" $k (get $tags $k)) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}
