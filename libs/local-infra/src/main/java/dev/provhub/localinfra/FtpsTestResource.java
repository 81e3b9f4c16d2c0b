package dev.provhub.localinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real FTPS server for {@code @QuarkusTest}s. Its URL, user, password and trust store are set under the prefix
 * given as init arg {@code prefix} (default {@code provhub.ftps}): {@code <prefix>.url}, {@code .user},
 * {@code .password}, {@code .trust-store}, {@code .trust-store-password}. Read what arrived with
 * {@code LocalInfra.ftps().uploadedFiles()}.
 */
public class FtpsTestResource implements QuarkusTestResourceLifecycleManager {

    private String prefix = "provhub.ftps";

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        LocalFtps ftps = LocalInfra.ftps();
        return Map.of(
                prefix + ".url", ftps.url(),
                prefix + ".user", ftps.username(),
                prefix + ".password", ftps.password(),
                prefix + ".trust-store", ftps.trustStoreFile().toString(),
                prefix + ".trust-store-password", LocalFtps.STORE_PASSWORD);
    }

    @Override
    public void stop() {
        // shared by the JVM: stopped at exit
    }
}
