{{- define "portal.name" -}}
{{- .Chart.Name -}}
{{- end -}}

{{- define "portal.fullname" -}}
{{- if eq .Release.Name .Chart.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "portal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "portal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "portal.labels" -}}
{{ include "portal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: platform-portal
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The Kubernetes Secret the CSI driver syncs from Secrets Manager. */}}
{{- define "portal.secretName" -}}
{{- printf "%s-secrets" (include "portal.fullname" .) -}}
{{- end -}}

{{/* Keys of the app secret, each becoming the environment variable of the same name. */}}
{{- define "portal.appSecretKeys" -}}
AUTH_SESSION_SECRET BACKEND_EXTERNAL_TOKEN AUTH_GITHUB_CLIENT_ID AUTH_GITHUB_CLIENT_SECRET GITHUB_TOKEN GITHUB_WEBHOOK_SECRET PLATFORM_PORTAL_EXTERNAL_ID
{{- end -}}
