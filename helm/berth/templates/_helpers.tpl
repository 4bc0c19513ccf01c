{{/* Names: "<release>" when it already says berth, else "<release>-berth"; 63 characters at most. */}}
{{- define "berth.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "berth.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: berth
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: include "berth.selector" (list . "web") */}}
{{- define "berth.selector" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: berth
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "berth.webServiceAccount" -}}{{ include "berth.fullname" . }}-web{{- end -}}
{{- define "berth.workerServiceAccount" -}}{{ include "berth.fullname" . }}-worker{{- end -}}

{{- define "berth.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}
{{- end -}}

{{/* Where Berth reads tenant templates from: a ConfigMap the chart makes, one that exists, or none (the image's). */}}
{{- define "berth.templatesConfigMap" -}}
{{- if .Values.templates.existingConfigMap -}}
{{ .Values.templates.existingConfigMap }}
{{- else if .Values.templates.files -}}
{{ include "berth.fullname" . }}-templates
{{- end -}}
{{- end -}}

{{/* One env entry from a Secret: include "berth.secretEnv" (list . "DATABASE_URL" .Values.secretKeys.database optional) */}}
{{- define "berth.secretEnv" -}}
{{- $ := index . 0 -}}
{{- $ref := index . 2 -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ default $.Values.existingSecret $ref.name }}
      key: {{ $ref.key }}
      {{- if index . 3 }}
      optional: true
      {{- end }}
{{- end -}}

{{/*
Settings every Berth process reads (lib/env.ts validates the whole set in each of them): the
public URLs, the directory, the database and the secrets they all need. Empty values are left
out, so Berth's own defaults apply.
*/}}
{{- define "berth.commonEnv" -}}
{{- $ldap := .Values.ldap -}}
{{- $oidc := .Values.oidc -}}
{{- $plain := dict
  "BERTH_URL" .Values.url
  "BERTH_ISSUER_URL" .Values.issuer.url
  "BERTH_PLATFORM_ADMIN_GROUPS" (join "," .Values.platformAdminGroups)
  "BERTH_TRUSTED_PROXIES" (join "," .Values.trustedProxies)
  "DATABASE_POOL_MAX" (toString .Values.database.poolMax)
  "MAIL_FROM" .Values.mail.from
  "LDAP_URL" $ldap.url
  "LDAP_BIND_DN" $ldap.bindDN
  "LDAP_USER_BASE" $ldap.userBase
  "LDAP_USER_FILTER" $ldap.userFilter
  "LDAP_USERNAME_ATTRIBUTE" $ldap.usernameAttribute
  "LDAP_EMAIL_ATTRIBUTE" $ldap.emailAttribute
  "LDAP_DISPLAY_NAME_ATTRIBUTE" $ldap.displayNameAttribute
  "LDAP_GROUP_MODE" $ldap.groupMode
  "LDAP_GROUP_BASE" $ldap.groupBase
  "LDAP_GROUP_FILTER" $ldap.groupFilter
  "LDAP_GROUP_NAME_ATTRIBUTE" $ldap.groupNameAttribute
  "LDAP_DISABLED_FILTER" $ldap.disabledFilter
  "OIDC_ISSUER" $oidc.issuer
  "OIDC_CLIENT_ID" $oidc.clientId
  "OIDC_NAME" $oidc.name
  "OIDC_GROUPS_CLAIM" $oidc.groupsClaim
  "OIDC_USERNAME_CLAIM" $oidc.usernameClaim
-}}
{{- if .Values.issuer.caConfigMap.name }}
{{- $_ := set $plain "BERTH_ISSUER_CA_FILE" "/etc/berth/issuer-ca/ca.crt" }}
{{- end }}
{{- $_ := set $plain "HOME" "/tmp" }}
{{- range $k, $v := merge (dict) .Values.env $plain }}
{{- if $v }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- end }}
{{ include "berth.secretEnv" (list . "DATABASE_URL" .Values.secretKeys.database false) }}
{{ include "berth.secretEnv" (list . "AUTH_SECRET" .Values.secretKeys.authSecret false) }}
{{ include "berth.secretEnv" (list . "BERTH_ENCRYPTION_KEY" .Values.secretKeys.encryptionKey false) }}
{{- if $ldap.bindDN }}
{{ include "berth.secretEnv" (list . "LDAP_BIND_PASSWORD" .Values.secretKeys.ldapBindPassword false) }}
{{- end }}
{{- if $oidc.issuer }}
{{ include "berth.secretEnv" (list . "OIDC_CLIENT_SECRET" .Values.secretKeys.oidcClientSecret false) }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Restricted Pod Security, read-only root: every Berth container's securityContext. */}}
{{- define "berth.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "berth.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Scheduling and pull settings shared by every pod. */}}
{{- define "berth.podCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end -}}

{{/* networkPolicy.egress, plus name resolution, which every rule needs. */}}
{{- define "berth.egress" -}}
- ports:
    - { protocol: UDP, port: 53 }
    - { protocol: TCP, port: 53 }
{{ toYaml .Values.networkPolicy.egress }}
{{- end -}}
