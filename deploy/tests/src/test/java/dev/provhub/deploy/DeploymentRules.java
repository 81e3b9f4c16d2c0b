package dev.provhub.deploy;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.deploy.DeploymentRulesTest.Rendered;

/** The rules one rendered Deployment must follow; each broken rule adds a sentence to {@code problems}. */
final class DeploymentRules {

    private static final String KAFKA_CLUSTER = "provhub";

    private final String overlay;
    private final Rendered rendered;
    private final ObjectNode deployment;
    private final Map<String, ObjectNode> secretTemplates;
    private final List<String> problems;
    private final String name;
    private final JsonNode pod;
    private final JsonNode podLabels;

    DeploymentRules(String overlay, Rendered rendered, ObjectNode deployment, Map<String, ObjectNode> secretTemplates,
            List<String> problems) {
        this.overlay = overlay;
        this.rendered = rendered;
        this.deployment = deployment;
        this.secretTemplates = secretTemplates;
        this.problems = problems;
        this.name = Rendered.name(deployment);
        this.pod = deployment.path("spec").path("template").path("spec");
        this.podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
    }

    void check() {
        checkPod();
        JsonNode containers = pod.path("containers");
        if (containers.isEmpty()) {
            problem("has no container");
        }
        containers.forEach(this::checkContainer);
        checkCompanions();
    }

    private void checkPod() {
        JsonNode security = pod.path("securityContext");
        if (!security.path("seccompProfile").path("type").asText().equals("RuntimeDefault")) {
            problem("pod has no seccompProfile RuntimeDefault");
        }
        if (!security.path("runAsNonRoot").asBoolean(false)) {
            problem("pod does not say runAsNonRoot: true");
        }
        if (security.path("runAsUser").asInt(-1) == 0) {
            problem("pod runs as user 0");
        }
        if (pod.path("automountServiceAccountToken").asBoolean(true)) {
            problem("mounts a service account token it does not need (automountServiceAccountToken: false)");
        }
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path(host).asBoolean(false)) {
                problem("uses " + host);
            }
        }
    }

    private void checkContainer(JsonNode container) {
        String c = "container " + container.path("name").asText();
        checkImage(c, container.path("image").asText());

        Map<String, String> ports = new HashMap<>();
        container.path("ports").forEach(port -> ports.put(port.path("name").asText(),
                port.path("containerPort").asText()));
        checkProbe(c, container.path("livenessProbe"), "liveness", "/q/health/live", ports);
        checkProbe(c, container.path("readinessProbe"), "readiness", "/q/health/ready", ports);

        JsonNode resources = container.path("resources");
        for (String field : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
            String[] parts = field.split("\\.");
            if (resources.path(parts[0]).path(parts[1]).asText().isEmpty()) {
                problem(c + " has no resources." + field);
            }
        }

        JsonNode security = container.path("securityContext");
        if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
            problem(c + " allows privilege escalation");
        }
        if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
            problem(c + " has a writable root file system");
        }
        if (!security.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
            problem(c + " does not drop ALL capabilities");
        }
        if (security.path("capabilities").has("add")) {
            problem(c + " adds capabilities");
        }
        if (security.path("privileged").asBoolean(false)) {
            problem(c + " is privileged");
        }
        if (security.path("runAsNonRoot").isBoolean() && !security.path("runAsNonRoot").asBoolean()) {
            problem(c + " may run as root");
        }

        Map<String, String> mounts = writableMounts(container);
        if (!mounts.containsKey("/tmp")) {
            problem(c + " has no writable /tmp (an emptyDir): the JVM and libraries write there");
        }
        Map<String, String> env = environment(c, container);
        env.forEach((variable, value) -> {
            if (variable.endsWith("_DIR") && underAny(value, mounts.keySet()).isEmpty()) {
                problem(c + " writes to " + variable + "=" + value + ", which is on the read-only root file system");
            }
        });
        checkValueFrom(c, container);
        checkOrganisationFolders(c, container, env, mounts);
        checkDatabase(c, container, env);
        checkKafka(c, container, env);
        checkJwt(c, container, env);
    }

    private void checkImage(String c, String image) {
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        boolean digest = image.contains("@sha256:");
        String tag = lastPart.contains(":") ? lastPart.substring(lastPart.indexOf(':') + 1) : "";
        if (!digest && tag.isEmpty()) {
            problem(c + " image " + image + " has no tag (it would mean latest)");
        }
        if (tag.equals("latest")) {
            problem(c + " image " + image + " is tagged latest");
        }
        if (overlay.equals("prod") && tag.endsWith("SNAPSHOT")) {
            problem(c + " image " + image + " is a snapshot in prod: pin a release");
        }
    }

    private void checkProbe(String c, JsonNode probe, String kind, String path, Map<String, String> ports) {
        JsonNode http = probe.path("httpGet");
        if (!http.path("path").asText().equals(path)) {
            problem(c + " has no " + kind + " probe on " + path);
            return;
        }
        String port = http.path("port").asText();
        if (!ports.containsKey(port) && !ports.containsValue(port)) {
            problem(c + " " + kind + " probe asks port " + port + ", which the container does not open");
        }
    }

    /** Mount paths the container may write to (emptyDir or persistent volumes, not read-only), to their volume. */
    private Map<String, String> writableMounts(JsonNode container) {
        Map<String, String> writable = new HashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            Optional<JsonNode> volume = volume(mount.path("name").asText());
            if (volume.isEmpty()) {
                problem("container " + container.path("name").asText() + " mounts volume "
                        + mount.path("name").asText() + ", which the pod does not have");
                continue;
            }
            boolean scratch = volume.get().has("emptyDir") || volume.get().has("persistentVolumeClaim");
            if (scratch && !mount.path("readOnly").asBoolean(false)) {
                writable.put(mount.path("mountPath").asText(), mount.path("name").asText());
            }
        }
        return writable;
    }

    private Optional<JsonNode> volume(String volumeName) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(volumeName)) {
                return Optional.of(volume);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> underAny(String path, Iterable<String> mounts) {
        for (String mount : mounts) {
            if (path.equals(mount) || path.startsWith(mount.endsWith("/") ? mount : mount + "/")) {
                return Optional.of(mount);
            }
        }
        return Optional.empty();
    }

    /** The container's literal environment: its ConfigMaps' entries, then its own values. */
    private Map<String, String> environment(String c, JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String map = from.path("configMapRef").path("name").asText();
                Optional<ObjectNode> configMap = rendered.configMap(map);
                if (configMap.isEmpty()) {
                    problem(c + " takes its environment from ConfigMap " + map + ", which is not rendered");
                } else {
                    configMap.get().path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue()
                            .asText()));
                }
            }
        }
        for (JsonNode variable : container.path("env")) {
            if (variable.has("value")) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            }
        }
        return env;
    }

    private Optional<JsonNode> valueFrom(JsonNode container, String variable) {
        for (JsonNode entry : container.path("env")) {
            if (entry.path("name").asText().equals(variable)) {
                return Optional.of(entry.path("valueFrom"));
            }
        }
        return Optional.empty();
    }

    /** Every Secret is made by an operator or has a template; every ConfigMap is rendered. */
    private void checkValueFrom(String c, JsonNode container) {
        for (JsonNode variable : container.path("env")) {
            JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
            if (!secret.isMissingNode()) {
                checkSecret(c, secret.path("name").asText(), secret.path("key").asText(),
                        secret.path("optional").asBoolean(false));
            }
            JsonNode map = variable.path("valueFrom").path("configMapKeyRef");
            if (!map.isMissingNode() && rendered.configMap(map.path("name").asText()).isEmpty()) {
                problem(c + " reads ConfigMap " + map.path("name").asText() + ", which is not rendered");
            }
        }
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("secretRef")) {
                checkSecret(c, from.path("secretRef").path("name").asText(), null,
                        from.path("secretRef").path("optional").asBoolean(false));
            }
        }
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.has("secret")) {
                JsonNode secret = volume.path("secret");
                boolean optional = secret.path("optional").asBoolean(false);
                if (secret.path("items").isEmpty()) {
                    checkSecret(c, secret.path("secretName").asText(), null, optional);
                }
                secret.path("items").forEach(item -> checkSecret(c, secret.path("secretName").asText(),
                        item.path("key").asText(), optional));
            }
            if (volume.has("configMap") && rendered.configMap(volume.path("configMap").path("name").asText())
                    .isEmpty()) {
                problem("volume " + volume.path("name").asText() + " mounts ConfigMap "
                        + volume.path("configMap").path("name").asText() + ", which is not rendered");
            }
        }
    }

    private void checkSecret(String c, String secret, String key, boolean optional) {
        if (operatorMade(secret)) {
            return;
        }
        ObjectNode template = secretTemplates.get(secret);
        if (template == null) {
            problem(c + " needs Secret " + secret + ", which no operator makes and deploy/k8s/secrets/ has no "
                    + "template for");
        } else if (key != null && !optional && !template.path("stringData").has(key)) {
            problem(c + " needs key " + key + " of Secret " + secret + ", which its template does not name");
        }
    }

    /** Secrets CloudNativePG makes for a Cluster, and Strimzi for the Kafka cluster and each KafkaUser. */
    private boolean operatorMade(String secret) {
        for (ObjectNode cluster : rendered.all("Cluster")) {
            String name = Rendered.name(cluster);
            if (secret.equals(name + "-app") || secret.equals(name + "-ca")) {
                return true;
            }
        }
        return secret.equals(KAFKA_CLUSTER + "-cluster-ca-cert") || rendered.find("KafkaUser", secret).isPresent();
    }

    /** Every watched folder and backup folder of the organisations file is on a persistent, writable volume. */
    private void checkOrganisationFolders(String c, JsonNode container, Map<String, String> env,
            Map<String, String> writable) {
        String file = env.get("PROVHUB_IMPORT_ORGANISATIONS_FILE");
        if (file == null) {
            return;
        }
        String folder = file.substring(0, file.lastIndexOf('/'));
        String configMap = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(folder)) {
                configMap = volume(mount.path("name").asText()).map(v -> v.path("configMap").path("name").asText())
                        .orElse(null);
            }
        }
        Optional<ObjectNode> map = configMap == null ? Optional.empty() : rendered.configMap(configMap);
        String json = map.map(m -> m.path("data").path(file.substring(folder.length() + 1)).asText()).orElse("");
        if (json.isEmpty()) {
            problem(c + " reads its organisations from " + file + ", which no mounted ConfigMap provides");
            return;
        }
        JsonNode organisations;
        try {
            organisations = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            problem(c + " organisations file is not JSON: " + e.getMessage());
            return;
        }
        for (JsonNode organisation : organisations.path("organisations")) {
            JsonNode settings = organisation.path("settings");
            for (String setting : List.of("System.Customer.UserImportFilePath", "importFolder",
                    "System.Customer.UserImportBackupFilePath", "backupFolder")) {
                String path = settings.path(setting).asText();
                if (path.isEmpty()) {
                    continue;
                }
                Optional<String> mount = underAny(path, writable.keySet());
                boolean persistent = mount.flatMap(m -> volume(writable.get(m)))
                        .map(v -> v.has("persistentVolumeClaim")).orElse(false);
                if (!persistent) {
                    problem(c + " organisation " + organisation.path("path").asText() + " uses folder " + path
                            + ", which is not on a writable persistent volume");
                }
            }
        }
    }

    private void checkDatabase(String c, JsonNode container, Map<String, String> env) {
        String url = env.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "");
        String user = valueFrom(container, "QUARKUS_DATASOURCE_USERNAME")
                .map(v -> v.path("secretKeyRef").path("name").asText()).orElse("");
        String password = valueFrom(container, "QUARKUS_DATASOURCE_PASSWORD")
                .map(v -> v.path("secretKeyRef").path("name").asText()).orElse("");
        if (url.isEmpty() || !user.endsWith("-app") || !user.equals(password)) {
            problem(c + " does not take its database URL from its config and its login from its Cluster's -app "
                    + "Secret");
            return;
        }
        String cluster = user.substring(0, user.length() - "-app".length());
        if (rendered.find("Cluster", cluster).isEmpty()) {
            problem(c + " logs in with " + user + ", but there is no PostgreSQL Cluster " + cluster);
        }
        if (!url.startsWith("jdbc:postgresql://" + cluster + "-rw:5432/")) {
            problem(c + " connects to " + url + ", not to the primary of its own Cluster " + cluster);
        }
        if (!url.contains("sslmode=verify-full")) {
            problem(c + " does not verify its database server (sslmode=verify-full)");
        }
        if (!egressAllows("cnpg.io/cluster", cluster, 5432)) {
            problem(c + " NetworkPolicy does not let it reach its database " + cluster + " on 5432");
        }
    }

    private void checkKafka(String c, JsonNode container, Map<String, String> env) {
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null) {
            return;
        }
        String user = env.getOrDefault("KAFKA_USERNAME", "");
        if (rendered.find("KafkaUser", user).isEmpty()) {
            problem(c + " uses Kafka as '" + user + "', which is no KafkaUser");
        }
        String secret = valueFrom(container, "KAFKA_PASSWORD").map(v -> v.path("secretKeyRef").path("name").asText())
                .orElse("");
        if (!secret.equals(user)) {
            problem(c + " does not take KAFKA_PASSWORD from its KafkaUser's Secret " + user);
        }
        if (!podLabels.path("provhub.dev/kafka-client").asText().equals("true")) {
            problem("pods are not labelled provhub.dev/kafka-client: \"true\" (the Kafka listener admits only those)");
        }
        if (!bootstrap.equals(KAFKA_CLUSTER + "-kafka-bootstrap:9093")) {
            problem(c + " connects to Kafka at " + bootstrap + ", not the TLS listener");
        }
        if (!env.getOrDefault("QUARKUS_CONFIG_LOCATIONS", "").contains("kafka-client.properties")) {
            problem(c + " does not load the Kafka client settings (TLS, SCRAM)");
        }
        if (!egressAllows("strimzi.io/cluster", KAFKA_CLUSTER, 9093)) {
            problem(c + " NetworkPolicy does not let it reach the Kafka brokers on 9093");
        }
    }

    private void checkJwt(String c, JsonNode container, Map<String, String> env) {
        String location = env.getOrDefault("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "");
        if (!location.equals("file:/etc/provhub/jwt/public.pem")) {
            problem(c + " does not read the JWT public key from /etc/provhub/jwt/public.pem");
        }
        if (env.getOrDefault("MP_JWT_VERIFY_ISSUER", "").isEmpty()) {
            problem(c + " has no MP_JWT_VERIFY_ISSUER");
        }
        boolean mounted = false;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/etc/provhub/jwt")) {
                mounted = volume(mount.path("name").asText())
                        .map(v -> v.path("secret").path("secretName").asText().equals("provhub-jwt")).orElse(false);
            }
        }
        if (!mounted) {
            problem(c + " does not mount Secret provhub-jwt at /etc/provhub/jwt");
        }
        Optional<JsonNode> instance = valueFrom(container, "PROVHUB_RUNS_INSTANCE_NAME");
        if (!instance.map(v -> v.path("fieldRef").path("fieldPath").asText()).orElse("").equals("metadata.name")) {
            problem(c + " does not name its runs' owner after the pod (PROVHUB_RUNS_INSTANCE_NAME from metadata.name)");
        }
    }

    private boolean egressAllows(String label, String value, int port) {
        for (ObjectNode policy : selecting("NetworkPolicy")) {
            for (JsonNode rule : policy.path("spec").path("egress")) {
                boolean peer = false;
                for (JsonNode to : rule.path("to")) {
                    peer |= to.path("podSelector").path("matchLabels").path(label).asText().equals(value);
                }
                boolean opens = false;
                for (JsonNode p : rule.path("ports")) {
                    opens |= p.path("port").asInt() == port;
                }
                if (peer && opens) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A Service, one PodDisruptionBudget, one NetworkPolicy (both directions), and replicas left to an HPA. */
    private void checkCompanions() {
        if (selecting("PodDisruptionBudget").size() != 1) {
            problem("is covered by " + selecting("PodDisruptionBudget").size() + " PodDisruptionBudgets, not one");
        }
        List<ObjectNode> policies = selecting("NetworkPolicy");
        if (policies.size() != 1) {
            problem("is selected by " + policies.size() + " NetworkPolicies, not one");
        }
        for (ObjectNode policy : policies) {
            String types = policy.path("spec").path("policyTypes").toString();
            if (!types.contains("Ingress") || !types.contains("Egress")) {
                problem("NetworkPolicy " + Rendered.name(policy) + " does not restrict both Ingress and Egress");
            }
        }
        boolean service = rendered.all("Service").stream()
                .anyMatch(s -> selects(s.path("spec").path("selector")));
        if (!service) {
            problem("has no Service");
        }
        List<ObjectNode> autoscalers = rendered.all("HorizontalPodAutoscaler").stream()
                .filter(h -> h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")
                        && h.path("spec").path("scaleTargetRef").path("name").asText().equals(name))
                .toList();
        if (!autoscalers.isEmpty() && deployment.path("spec").has("replicas")) {
            problem("sets replicas although a HorizontalPodAutoscaler owns the count (every apply would reset it)");
        }
        if (autoscalers.isEmpty() && overlay.equals("prod") && deployment.path("spec").path("replicas").asInt(1) < 2) {
            problem("runs fewer than 2 replicas in prod");
        }
    }

    private List<ObjectNode> selecting(String kind) {
        return rendered.all(kind).stream().filter(o -> {
            JsonNode selector = kind.equals("NetworkPolicy") ? o.path("spec").path("podSelector")
                    : o.path("spec").path("selector");
            return selects(selector.has("matchLabels") ? selector.path("matchLabels") : selector);
        }).toList();
    }

    /** True when the label selector (a map) is non-empty and the pod's labels match it. */
    private boolean selects(JsonNode matchLabels) {
        if (matchLabels.isEmpty()) {
            return false;
        }
        var matches = new boolean[] { true };
        matchLabels.properties().forEach(e -> matches[0] &= podLabels.path(e.getKey()).asText()
                .equals(e.getValue().asText()));
        return matches[0];
    }

    private void problem(String text) {
        problems.add(overlay + ": Deployment " + name + ": " + text);
    }
}
