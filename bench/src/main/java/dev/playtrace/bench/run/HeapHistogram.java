package dev.playtrace.bench.run;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Live bytes per class of this JVM's heap, from {@code GC.class_histogram} (which runs a full GC first). */
final class HeapHistogram {
    private final Map<String, Long> bytesByClass;

    private HeapHistogram(Map<String, Long> bytesByClass) {
        this.bytesByClass = bytesByClass;
    }

    /** The current histogram, or an empty one when {@code jcmd} is not available. */
    static HeapHistogram take() {
        Map<String, Long> bytes = new HashMap<>();
        try {
            // the DiagnosticCommand MBean runs jcmd's command in process (no attach)
            String output = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            for (String line : output.split("\n")) {
                // "   1:   123456   7890123  java.lang.String (java.base@25)"
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 4 && parts[0].endsWith(":")) {
                    bytes.merge(parts[3], Long.parseLong(parts[2]), Long::sum);
                }
            }
        } catch (JMException | RuntimeException e) {
            return new HeapHistogram(Map.of());
        }
        return new HeapHistogram(bytes);
    }

    /** The classes that grew most since {@code before}, as "class: N B per view" text. */
    String topGrowth(HeapHistogram before, int count, int views) {
        List<Map.Entry<String, Long>> grown = bytesByClass.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(count)
                .toList();
        return grown.stream().map(e -> String.format(Locale.ROOT, "`%s` %,.0f B", e.getKey(), (double) e.getValue() / views))
                .collect(Collectors.joining(", "));
    }

    boolean isEmpty() {
        return bytesByClass.isEmpty();
    }
}
