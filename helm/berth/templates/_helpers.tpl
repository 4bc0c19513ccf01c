{{- define "berth.fullname" -}}{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}{{- end -}}
{{- define "berth.labels" -}}
app.kubernetes.io/name: berth
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
{{- define "berth.serviceAccount" -}}{{- default (include "berth.fullname" .) .Values.serviceAccount.name -}}{{- end -}}
{{- define "berth.image" -}}{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}{{- end -}}
{{- define "berth.env" -}}
- name: BERTH_URL
  value: {{ .Values.url | quote }}
{{- range $k, $v := .Values.env }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- end -}}
