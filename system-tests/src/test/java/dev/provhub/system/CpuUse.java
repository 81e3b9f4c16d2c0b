package dev.provhub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU time went between two moments, by process, from Linux's {@code /proc}: the service
 * processes by name, PostgreSQL (every {@code postgres} process), this test JVM (which also runs the Kafka broker and
 * the simulator) and the rest. A benchmark prints it beside a figure to show which process its time went to. On a
 * system without {@code /proc} it reports nothing.
 */
final class CpuUse {

    /** Clock ticks per second of {@code /proc}'s times ({@code getconf CLK_TCK}, 100 on Linux). */
    private static final double TICKS = 100.0;

    private final Map<String, Long> ticksByName;
    private final long machineTicks;
    private final long idleTicks;
    private final long at;

    private CpuUse(Map<String, Long> ticksByName, long machineTicks, long idleTicks) {
        this.ticksByName = ticksByName;
        this.machineTicks = machineTicks;
        this.idleTicks = idleTicks;
        this.at = System.nanoTime();
    }

    /** The CPU time every process has used so far, grouped. */
    static CpuUse now(List<ServiceProcess> services) {
        var ticks = new LinkedHashMap<String, Long>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            names.put(service.pid(), service.name());
        }
        names.put(ProcessHandle.current().pid(), "test JVM (Kafka, simulator, writer)");
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return new CpuUse(ticks, 0, 0);
        }
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(e -> e.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // pid (comm) state ...: comm may hold spaces, so the fields are counted from its closing parenthesis
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                long pid = Long.parseLong(entry.getFileName().toString());
                String name = names.getOrDefault(pid, comm.equals("postgres") ? "PostgreSQL" : "other");
                if (name.equals("PostgreSQL")) {
                    // a connection's backend that ended was reaped by the postmaster, which keeps its time
                    used += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                }
                ticks.merge(name, used, Long::sum);
            }
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            // idle and iowait
            return new CpuUse(ticks, total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]));
        } catch (IOException e) {
            return new CpuUse(Map.of(), 0, 0);
        }
    }

    /** From {@code earlier} to this: the machine's busy share and each group's cores on average. */
    String since(CpuUse earlier) {
        if (machineTicks == 0) {
            return "CPU use not available (no /proc)";
        }
        double seconds = (at - earlier.at) / 1e9;
        long total = machineTicks - earlier.machineTicks;
        long idle = idleTicks - earlier.idleTicks;
        var text = new StringBuilder(String.format("machine %.0f %% busy over %.1f s; cores used:",
                total == 0 ? 0 : 100.0 * (total - idle) / total, seconds));
        ticksByName.forEach((name, ticks) -> {
            long used = ticks - earlier.ticksByName.getOrDefault(name, 0L);
            if (used > 0) {
                text.append(String.format(" %s %.2f,", name, used / TICKS / seconds));
            }
        });
        text.setLength(text.length() - 1);
        return text.toString();
    }
}
