package dev.provhub.scim.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Runs the service, or the command {@code csv2scim} with CSV2SCIM's flags:
 * {@code java -jar quarkus-run.jar csv2scim -Path users.csv -AttributeMapping AttributeMapping.psd1 [...]}.
 */
@QuarkusMain
public class ScimServiceMain implements QuarkusApplication {

    public static void main(String... args) {
        Quarkus.run(ScimServiceMain.class, args);
    }

    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }
}
