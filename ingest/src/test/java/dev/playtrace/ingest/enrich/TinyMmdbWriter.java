package dev.playtrace.ingest.enrich;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a minimal IPv4 MaxMind DB file (format 2.0, 24-bit records) for tests, so the real {@code com.maxmind.db.Reader}
 * can be exercised without a downloaded database. Supports the value types test records need: maps, strings, uint32.
 */
final class TinyMmdbWriter {
    private static final int RECORD_BITS = 24;

    private final List<int[]> nodes = new ArrayList<>(); // each node: {left, right}; -1 empty, -(2 + dataIndex) data, else node id
    private final List<Map<String, Object>> records = new ArrayList<>();

    TinyMmdbWriter() {
        nodes.add(new int[] {-1, -1});
    }

    /** Maps the IPv4 network {@code a.b.c.d/prefixLength} to a record. */
    TinyMmdbWriter insert(String network, Map<String, Object> record) {
        String[] parts = network.split("/");
        String[] octets = parts[0].split("\\.");
        long address = 0;
        for (String octet : octets) {
            address = (address << 8) | Integer.parseInt(octet);
        }
        int prefixLength = Integer.parseInt(parts[1]);
        records.add(record);
        int dataIndex = records.size() - 1;
        int node = 0;
        for (int bit = 0; bit < prefixLength; bit++) {
            int side = (int) ((address >>> (31 - bit)) & 1);
            if (bit == prefixLength - 1) {
                nodes.get(node)[side] = -(2 + dataIndex);
            }
            else {
                if (nodes.get(node)[side] < 0) {
                    nodes.add(new int[] {-1, -1});
                    nodes.get(node)[side] = nodes.size() - 1;
                }
                node = nodes.get(node)[side];
            }
        }
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        for (Map<String, Object> record : records) {
            offsets.add(data.size());
            encode(data, record);
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] node : nodes) {
            for (int side = 0; side < 2; side++) {
                int value = node[side];
                long recordValue;
                if (value == -1) {
                    recordValue = nodeCount;
                }
                else if (value < -1) {
                    recordValue = nodeCount + 16L + offsets.get(-value - 2);
                }
                else {
                    recordValue = value;
                }
                for (int shift = RECORD_BITS - 8; shift >= 0; shift -= 8) {
                    out.write((int) (recordValue >>> shift) & 0xFF);
                }
            }
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", 1_700_000_000L);
        metadata.put("database_type", "Test-Country");
        metadata.put("description", Map.of("en", "test"));
        metadata.put("ip_version", new Uint16(4));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", (long) nodeCount);
        metadata.put("record_size", new Uint16(RECORD_BITS));
        encode(out, metadata);
        return out.toByteArray();
    }

    record Uint16(int value) {
    }

    private static void encode(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case String text -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                control(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case Map<?, ?> map -> {
                control(out, 7, map.size());
                map.forEach((key, entry) -> {
                    encode(out, key);
                    encode(out, entry);
                });
            }
            case List<?> list -> {
                extendedControl(out, 11, list.size());
                list.forEach(entry -> encode(out, entry));
            }
            case Uint16 number -> unsigned(out, 5, number.value());
            case Long number when number <= 0xFFFF_FFFFL -> unsigned(out, 6, number);
            case Long number -> {
                byte[] bytes = minimalBytes(number);
                extendedControl(out, 9, bytes.length);
                out.writeBytes(bytes);
            }
            default -> throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static void unsigned(ByteArrayOutputStream out, int type, long number) {
        byte[] bytes = minimalBytes(number);
        control(out, type, bytes.length);
        out.writeBytes(bytes);
    }

    private static byte[] minimalBytes(long number) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean started = false;
        for (int shift = 56; shift >= 0; shift -= 8) {
            int b = (int) (number >>> shift) & 0xFF;
            if (b != 0 || started) {
                bytes.write(b);
                started = true;
            }
        }
        return bytes.toByteArray();
    }

    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("sizes of 29 and more are not supported by this test writer");
        }
        out.write((type << 5) | size);
    }

    private static void extendedControl(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("sizes of 29 and more are not supported by this test writer");
        }
        out.write(size);
        out.write(type - 7);
    }
}
