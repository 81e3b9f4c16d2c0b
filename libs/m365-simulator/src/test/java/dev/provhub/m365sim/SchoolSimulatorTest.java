package dev.provhub.m365sim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class of its own simulator: the school tenant ({@link SchoolTenant}) started before the class's tests, its
 * HTTP client, and the simulator closed after them. Test classes run one after another, so the fields are the running
 * class's.
 */
abstract class SchoolSimulatorTest {

    static SchoolTenant school;
    static M365Simulator simulator;
    static SimulatorHttp http;

    @BeforeAll
    static void startSimulator() {
        school = new SchoolTenant();
        simulator = M365Simulator.start(school.fixture());
        http = new SimulatorHttp(simulator);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }
}
