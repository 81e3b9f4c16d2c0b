package dev.provhub.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Kustomize overlays rendered with {@code kubectl kustomize}, once per test JVM. Without kubectl the tests that
 * need them are skipped, saying so.
 */
final class Overlays {

    static final List<String> ALL = List.of("dev", "prod");

    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static Boolean kubectl;

    private Overlays() {
    }

    /** Every object of {@code deploy/k8s/overlays/<overlay>}, as {@code kubectl kustomize} renders it. */
    static List<ObjectNode> render(String overlay) {
        assumeKubectl();
        return RENDERED.computeIfAbsent(overlay, name -> Repo.documents(Repo.run("kubectl", "kustomize",
                "deploy/k8s/overlays/" + name)));
    }

    static synchronized void assumeKubectl() {
        if (kubectl == null) {
            kubectl = Repo.has("kubectl", "version", "--client");
            if (!kubectl) {
                System.err.println("deploy-tests: kubectl is not installed: the Kustomize overlays are NOT rendered "
                        + "or validated (install kubectl 1.27 or newer to run these tests)");
            }
        }
        assumeTrue(kubectl, "kubectl is not installed: the overlays cannot be rendered");
    }
}
