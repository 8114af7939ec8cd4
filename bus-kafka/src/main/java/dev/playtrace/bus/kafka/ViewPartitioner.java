package dev.playtrace.bus.kafka;

import dev.playtrace.model.ViewKey;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * Which partition of the topic holds a view: all events of a view go to one partition, so one sessionizer worker owns
 * the whole view. The record key is the project id and the view id (a view id is unique per project only); the
 * partition is Kafka's own choice for that key (murmur2), so a worker can tell which stored views are its partition's.
 */
public final class ViewPartitioner {
    private ViewPartitioner() {
    }

    public static byte[] recordKey(ViewKey view) {
        return (view.projectId() + '\u0000' + view.viewId()).getBytes(StandardCharsets.UTF_8);
    }

    public static int partitionOf(ViewKey view, int partitionCount) {
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partition count " + partitionCount + " is not positive");
        }
        return Utils.toPositive(Utils.murmur2(recordKey(view))) % partitionCount;
    }
}
