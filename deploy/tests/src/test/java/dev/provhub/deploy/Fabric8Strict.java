package dev.provhub.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads core Kubernetes objects with the fabric8 model and refuses what the API server would refuse with
 * {@code kubectl apply --validate=strict}: a field the type does not have (fabric8 would keep it quietly in
 * {@code additionalProperties}), a value of the wrong type, a malformed quantity.
 */
final class Fabric8Strict {

    /** The core types provhub's manifests may use, by {@code apiVersion/kind}. Another one fails until added. */
    static final Map<String, Class<? extends KubernetesResource>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class));

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Pattern QUANTITY = Pattern
            .compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");

    private Fabric8Strict() {
    }

    static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    /** Problems of {@code object} read as {@code type}: empty when it is valid. */
    static void check(JsonNode object, Class<?> type, String where, List<String> problems) {
        Object typed;
        try {
            typed = MAPPER.treeToValue(object, type);
        } catch (Exception e) {
            problems.add(where + ": not a valid " + type.getSimpleName() + ": " + e.getMessage().lines().findFirst()
                    .orElse(""));
            return;
        }
        walk(typed, where, problems);
    }

    /** Problems of a resource's {@code metadata} (custom resources too: their CRDs say only "object"). */
    static void checkMetadata(JsonNode object, String where, List<String> problems) {
        check(object.path("metadata"), ObjectMeta.class, where + ".metadata", problems);
    }

    private static void walk(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> walk(entry, path + "." + key, problems));
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("io.fabric8.")) {
            return;
        }
        if (value instanceof Quantity quantity) {
            String text = quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
            if (!QUANTITY.matcher(text).matches()) {
                problems.add(path + ": '" + text + "' is not a Kubernetes quantity");
            }
        }
        for (Method getter : type.getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Class<?> returns = getter.getReturnType();
            boolean model = returns.getName().startsWith("io.fabric8.") || List.class.isAssignableFrom(returns)
                    || Map.class.isAssignableFrom(returns);
            if (!model) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet() + " in " + type.getSimpleName());
                }
                continue;
            }
            String name = getter.getName().substring(3);
            walk(child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems);
        }
    }
}
